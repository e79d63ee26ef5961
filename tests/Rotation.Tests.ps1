# Update-ZiaScimBearerToken: the token rotation in one command, against the emulator's ZIA, Entra ID and Okta.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emulator = Start-ZiaEmulator
    Invoke-ZiaEmulator $emulator 'config' -Method PUT -Body @{ rateLimits = $false } | Out-Null
    Connect-TestZia $emulator | Out-Null

    $secretSignIn = @{
        TenantId = $emulator.EntraTenantId; ClientId = $emulator.EntraClientId; ClientSecret = $emulator.EntraClientSecret
        GraphEndpoint = $emulator.GraphEndpoint; LoginEndpoint = $emulator.LoginEndpoint
    }
    $sswsOkta = @{ OktaDomain = "$($emulator.OktaOrigin)"; OktaApiToken = $emulator.OktaApiToken }
    $app = $emulator.EntraServicePrincipal
    $appId = $emulator.EntraServicePrincipalId
    $entraIdp = Get-ZiaIdentityProvider 'Entra ID'

    function Plain([securestring] $s) { [System.Net.NetworkCredential]::new('', $s).Password }
    function Get-EntraApp { (Invoke-ZiaEmulator $emulator 'entra/state').servicePrincipals | Where-Object id -eq $appId }
    function Get-StoredSecret([string] $Key) { ((Get-EntraApp).secrets | Where-Object key -eq $Key).value }
    function Get-ActiveToken([string] $Name) { ((Invoke-ZiaEmulator $emulator 'state').active.idps | Where-Object name -eq $Name).scimSharedSecret }
    function Wait-JobRun([int] $Runs) {
        $deadline = [datetime]::UtcNow.AddSeconds(20)
        while ([datetime]::UtcNow -lt $deadline) {
            if ((Get-EntraApp).jobs[0].runsCompleted -ge $Runs) { return }
            Start-Sleep -Milliseconds 200
        }
        throw "The job did not finish run $Runs."
    }

    # Entra ID provisions the 'Entra ID' identity provider with its current token.
    Set-ZiaScimEntraProvisioning $app -IdentityProvider 'Entra ID' -StartJob @secretSignIn -Confirm:$false
    Wait-JobRun 1
}

AfterAll {
    Stop-ZiaEmulator $emulator
}

Describe 'Update-ZiaScimBearerToken with Entra ID' {
    It 'rotates in the order that keeps the gap shortest, and the next job run still succeeds' {
        $old = Get-ActiveToken 'Entra ID'
        Invoke-ZiaEmulator $emulator 'requests' -Method DELETE | Out-Null
        $result = Update-ZiaScimBearerToken -IdentityProvider 'Entra ID' -ServicePrincipal $app @secretSignIn -Confirm:$false
        $result | Should -BeOfType ZscalerScim.ZiaScimTokenRotation
        @($result.Saved, $result.Activated, $result.Written, $result.Validated) | Should -Be @('Done', 'Done', 'Done', 'Done')
        $result.Token | Should -BeOfType [securestring]
        $result.TokenText | Should -BeNullOrEmpty
        $new = Plain $result.Token
        $new | Should -Not -Be $old
        Get-ActiveToken 'Entra ID' | Should -Be $new
        Get-StoredSecret SecretToken | Should -Be $new

        # Generate, save, activate, then Entra: write, validate. Nothing of Entra's is written before ZIA's change is live.
        $calls = @(Get-ZiaEmulatorRequest $emulator | Where-Object { $_.method -ne 'GET' -and $_.path -notlike '*authenticatedSession' -and $_.path -notlike '*/oauth2/*' }) |
            ForEach-Object { "$($_.method) $($_.path -replace '/(idpConfig|servicePrincipals|jobs)/(?!generateBearerToken)[^/]+', '/$1/{id}')" }
        $calls | Should -Be @(
            'POST /zsapi/v1/idpConfig/generateBearerToken'
            'PUT /zsapi/v1/idpConfig/{id}'
            'POST /api/v1/status/activate'
            'PUT /v1.0/servicePrincipals/{id}/synchronization/secrets'
            'POST /v1.0/servicePrincipals/{id}/synchronization/jobs/{id}/validateCredentials'
        )

        $runs = [int](Get-EntraApp).jobs[0].runsCompleted
        Invoke-ZiaEmulator $emulator 'entra/jobs/run' -Method POST | Out-Null
        Wait-JobRun ($runs + 1)
        $job = Get-ZiaScimEntraProvisioning $app @secretSignIn
        $job.Status | Should -Be 'Active'
        $job.LastRunState | Should -Be 'Succeeded'
    }

    It 'returns the new token, and says Entra ID still holds the old one, when writing into Entra ID fails' {
        $held = Get-StoredSecret SecretToken
        Set-ZiaEmulatorFault $emulator -Kind readOnly -Method PUT -Path "/v1.0/servicePrincipals/$appId/synchronization/secrets"
        $result = Update-ZiaScimBearerToken -IdentityProvider 'Entra ID' -ServicePrincipal $app @secretSignIn -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
        @($result.Saved, $result.Activated, $result.Written, $result.Validated) | Should -Be @('Done', 'Done', 'Failed', 'NotRun')
        Plain $result.Token | Should -Be (Get-ActiveToken 'Entra ID')
        Get-StoredSecret SecretToken | Should -Be $held
        $errs[0].Exception.Message | Should -Match 'still holds the old token'
        $errs[0].Exception.Message | Should -Match 'Set-ZiaScimEntraProvisioning'
        # Putting the token in by hand, as the message says, completes the rotation.
        Set-ZiaScimEntraProvisioning $app -BaseUrl (Get-ZiaScimBaseUrl 'Entra ID').BaseUrl -BearerToken $result.Token -Validate @secretSignIn -Confirm:$false
        Get-StoredSecret SecretToken | Should -Be (Plain $result.Token)
    }

    It 'changes nothing, and generates no token, when the enterprise application cannot be found' {
        Invoke-ZiaEmulator $emulator 'requests' -Method DELETE | Out-Null
        $before = Get-ActiveToken 'Entra ID'
        Update-ZiaScimBearerToken -IdentityProvider 'Entra ID' -ServicePrincipal 'No Such App' @secretSignIn -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs | Should -Not -BeNullOrEmpty
        @(Get-ZiaEmulatorRequest $emulator | Where-Object path -like '*generateBearerToken').Count | Should -Be 0
        Get-ActiveToken 'Entra ID' | Should -Be $before
    }

    It 'writes no token to any stream, and plain text only with -AsPlainText' {
        $transcript = Join-Path $TestDrive 'rotation.txt'
        Start-Transcript -Path $transcript | Out-Null
        $text = & {
            $VerbosePreference = 'Continue'; $DebugPreference = 'Continue'
            $r = Update-ZiaScimBearerToken -IdentityProvider 'Entra ID' -ServicePrincipal $app @secretSignIn -Confirm:$false
            $r | Format-List * | Out-String
        } *>&1 | Out-String
        Stop-Transcript | Out-Null
        $token = Get-ActiveToken 'Entra ID'
        $text | Should -Not -Match ([regex]::Escape($token))
        (Get-Content $transcript -Raw) | Should -Not -Match ([regex]::Escape($token))
        $plain = Update-ZiaScimBearerToken -IdentityProvider 'Entra ID' -ServicePrincipal $app @secretSignIn -AsPlainText -Confirm:$false
        $plain.TokenText | Should -Be (Get-ActiveToken 'Entra ID')
    }
}

Describe 'Update-ZiaScimBearerToken with Okta' {
    It 'rotates the token of an Okta Zscaler 2.0 app and proves the new one works' {
        Enable-ZiaScimProvisioning -IdentityProvider Okta -Activate -Confirm:$false
        New-ZiaScimBearerToken -IdentityProvider Okta -Activate -Confirm:$false 3>$null | Out-Null
        Set-ZiaScimOktaProvisioning -IdentityProvider Okta -AppLabel $emulator.OktaApp.Label -Activate @sswsOkta -Confirm:$false
        $result = Update-ZiaScimBearerToken -IdentityProvider Okta -AppLabel $emulator.OktaApp.Label @sswsOkta -Confirm:$false
        @($result.Saved, $result.Activated, $result.Written, $result.Validated) | Should -Be @('Done', 'Done', 'Done', 'Done')
        $result.Target | Should -Match 'Okta'
        (Invoke-ZiaEmulator $emulator "okta/apps/$($emulator.OktaApp.Id)/check").tokenWorks | Should -BeTrue
        Plain $result.Token | Should -Be (Get-ActiveToken 'Okta')
    }
}

Describe 'Ctrl+C once the new token exists' {
    BeforeAll {
        # A host that keeps what is written to it: after Ctrl+C, a command can write only there.
        if (-not ('ZiaTest.CaptureHost' -as [type])) {
            Add-Type -TypeDefinition @'
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
namespace ZiaTest {
    public sealed class CaptureUI : PSHostUserInterface {
        public readonly List<string> Warnings = new List<string>();
        public readonly List<string> Other = new List<string>();
        public override PSHostRawUserInterface RawUI { get { return null; } }
        public override Dictionary<string, PSObject> Prompt(string c, string m, System.Collections.ObjectModel.Collection<FieldDescription> d) { throw new NotImplementedException(); }
        public override int PromptForChoice(string c, string m, System.Collections.ObjectModel.Collection<ChoiceDescription> d, int x) { throw new NotImplementedException(); }
        public override PSCredential PromptForCredential(string c, string m, string u, string t) { throw new NotImplementedException(); }
        public override PSCredential PromptForCredential(string c, string m, string u, string t, PSCredentialTypes a, PSCredentialUIOptions o) { throw new NotImplementedException(); }
        public override string ReadLine() { throw new NotImplementedException(); }
        public override System.Security.SecureString ReadLineAsSecureString() { throw new NotImplementedException(); }
        public override void Write(string v) { lock (Other) Other.Add(v); }
        public override void Write(ConsoleColor f, ConsoleColor b, string v) { lock (Other) Other.Add(v); }
        public override void WriteLine(string v) { lock (Other) Other.Add(v); }
        public override void WriteDebugLine(string m) { lock (Other) Other.Add(m); }
        public override void WriteErrorLine(string v) { lock (Other) Other.Add(v); }
        public override void WriteVerboseLine(string m) { lock (Other) Other.Add(m); }
        public override void WriteProgress(long s, ProgressRecord r) { }
        public override void WriteWarningLine(string m) { lock (Warnings) Warnings.Add(m); }
    }
    public sealed class CaptureHost : PSHost {
        private readonly Guid _id = Guid.NewGuid();
        public readonly CaptureUI Capture = new CaptureUI();
        public override CultureInfo CurrentCulture { get { return CultureInfo.InvariantCulture; } }
        public override CultureInfo CurrentUICulture { get { return CultureInfo.InvariantCulture; } }
        public override Guid InstanceId { get { return _id; } }
        public override string Name { get { return "CaptureHost"; } }
        public override PSHostUserInterface UI { get { return Capture; } }
        public override Version Version { get { return new Version(1, 0); } }
        public override void EnterNestedPrompt() { }
        public override void ExitNestedPrompt() { }
        public override void NotifyBeginApplication() { }
        public override void NotifyEndApplication() { }
        public override void SetShouldExit(int exitCode) { }
    }
}
'@
        }
        function Start-Stoppable([scriptblock] $Script, [object[]] $Arguments) {
            $captureHost = [ZiaTest.CaptureHost]::new()
            $runspace = [runspacefactory]::CreateRunspace($captureHost)
            $runspace.Open()
            $ps = [powershell]::Create()
            $ps.Runspace = $runspace
            $null = $ps.AddScript($Script)
            foreach ($a in $Arguments) { $null = $ps.AddArgument($a) }
            [pscustomobject]@{ PowerShell = $ps; Host = $captureHost; Async = $ps.BeginInvoke() }
        }
        function Wait-Request([string] $Method, [string] $Path) {
            # Until the emulator has seen the request (a condition, not a guess at how long it takes).
            $deadline = [datetime]::UtcNow.AddSeconds(60)
            while (-not @(Get-ZiaEmulatorRequest $emulator -Path $Path | Where-Object method -eq $Method).Count) {
                if ([datetime]::UtcNow -gt $deadline) { throw "No $Method $Path arrived." }
                Start-Sleep -Milliseconds 100
            }
        }
        function Get-PendingToken([string] $Name) { ((Invoke-ZiaEmulator $emulator 'state').pending.idps | Where-Object name -eq $Name).scimSharedSecret }
    }

    It 'says what ZIA and Entra ID hold, and how to finish, when Update-ZiaScimBearerToken is stopped while ZIA activates' {
        $session = Connect-TestZia $emulator
        $old = Get-ActiveToken 'Entra ID'
        $oldInEntra = Get-StoredSecret SecretToken
        Invoke-ZiaEmulator $emulator 'requests' -Method DELETE | Out-Null
        Invoke-ZiaEmulator $emulator 'config' -Method PUT -Body @{ activationDelayMs = 30000 } | Out-Null
        try {
            $run = Start-Stoppable { param($m, $s, $app, $signIn) Import-Module $m; Update-ZiaScimBearerToken -IdentityProvider 'Entra ID' -Session $s -ServicePrincipal $app @signIn -Confirm:$false } `
                @($env:ZSCALERSCIM_MODULE, $session, $app, $secretSignIn)
            Wait-Request POST '/api/v1/status/activate'
            $run.PowerShell.Stop()
            $run.PowerShell.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally {
            Invoke-ZiaEmulator $emulator 'config' -Method PUT -Body @{ activationDelayMs = 0 } | Out-Null
        }
        $said = $run.Host.Capture.Warnings -join "`n"
        $said | Should -Match 'Stopped while ZIA activated'
        $said | Should -Match 'ZIA holds it, saved and activating'
        $said | Should -Match 'was not changed: it holds the old token'
        $said | Should -Match 'Publish-ZiaChange -Wait'
        $said | Should -Match "Set-ZiaScimEntraProvisioning -ServicePrincipal '$appId'"
        $said | Should -Match "Get-ZiaScimBearerToken -IdentityProvider 'Entra ID'"
        $new = Get-PendingToken 'Entra ID'
        $new | Should -Not -Be $old
        $said.Contains($new) | Should -BeFalse -Because 'the token itself never goes to the host'
        Get-StoredSecret SecretToken | Should -Be $oldInEntra
        $run.PowerShell.Dispose()
    }

    It 'says the save may have reached ZIA, and where to read it, when New-ZiaScimBearerToken is stopped after generating' {
        $session = Connect-TestZia $emulator
        $okta = Get-ZiaIdentityProvider Okta
        Invoke-ZiaEmulator $emulator 'requests' -Method DELETE | Out-Null
        # The save is slow to answer, and the service carries it out all the same.
        Set-ZiaEmulatorFault $emulator -Kind slow -DelayMs 3000 -Method PUT -Path "/zsapi/v1/idpConfig/$($okta.Id)"
        $run = Start-Stoppable { param($m, $s) Import-Module $m; New-ZiaScimBearerToken -IdentityProvider Okta -Session $s -Confirm:$false } @($env:ZSCALERSCIM_MODULE, $session)
        Wait-Request PUT "/zsapi/v1/idpConfig/$($okta.Id)"
        $run.PowerShell.Stop()
        $run.PowerShell.InvocationStateInfo.State | Should -Be 'Stopped'
        $said = $run.Host.Capture.Warnings -join "`n"
        $said | Should -Match "Stopped after a new SCIM bearer token of 'Okta' was generated"
        $said | Should -Match 'may or may not have reached ZIA'
        $said | Should -Match "Get-ZiaScimBearerToken -IdentityProvider 'Okta'"
        $run.PowerShell.Dispose()
    }
}
