# Unattended confirmation: every high-impact change, run where nobody can answer a prompt, stops with the
# same ZiaConfirmationRequired error and changes nothing.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emulator = Start-ZiaEmulator
    Connect-TestZia $emulator | Out-Null
    Connect-ZiaScim -IdentityProvider 'Entra ID'
    New-ZiaScimUser -UserName 'confirm.me@acme.example' -Confirm:$false | Out-Null
    New-ZiaScimGroup -DisplayName 'Confirm Me' -Confirm:$false | Out-Null

    # One invocation per cmdlet whose ConfirmImpact is High, and one per high-impact path of a Medium cmdlet.
    $highImpact = [ordered]@{
        'New-ZiaScimBearerToken'      = "New-ZiaScimBearerToken -IdentityProvider Okta"
        'Disable-ZiaScimProvisioning' = "Disable-ZiaScimProvisioning -IdentityProvider 'Entra ID'"
        'Remove-ZiaScimUser'          = "Remove-ZiaScimUser -UserName 'confirm.me@acme.example'"
        'Remove-ZiaScimGroup'         = "Remove-ZiaScimGroup -Group 'Confirm Me'"
        'Update-ZiaScimBearerToken'   = "Update-ZiaScimBearerToken -IdentityProvider 'Entra ID' -OktaDomain `$env:ZT_OKTA -OktaApiToken (ConvertTo-SecureString `$env:ZT_OKTATOKEN -AsPlainText -Force) -AppLabel `$env:ZT_OKTAAPP"
    }
    $highImpactPaths = [ordered]@{
        'Enable-ZiaScimProvisioning -MigrateFromDirectorySync'   = "Enable-ZiaScimProvisioning -IdentityProvider 'Corp AD' -MigrateFromDirectorySync"
        'Set-ZiaAuthenticationSetting -DirectorySyncMigrateToScim' = 'Set-ZiaAuthenticationSetting -DirectorySyncMigrateToScim $true'
    }

    function Invoke-NonInteractive([System.Collections.IDictionary] $Cases) {
        # A child pwsh -NonInteractive, as a scheduled task runs: it connects, runs each case, reports its error.
        $script = Join-Path $TestDrive 'unattended.ps1'
        $lines = @(
            '$ErrorActionPreference = "Stop"'
            'Import-Module $env:ZSCALERSCIM_MODULE'
            '$cred = [pscredential]::new($env:ZT_USER, (ConvertTo-SecureString $env:ZT_PASSWORD -AsPlainText -Force))'
            'Connect-Zia -BaseUri $env:ZT_BASE -Credential $cred -ApiKey (ConvertTo-SecureString $env:ZT_APIKEY -AsPlainText -Force)'
            'Connect-ZiaScim -IdentityProvider "Entra ID"'
        )
        foreach ($name in $Cases.Keys) {
            $lines += "try { $($Cases[$name]) | Out-Null; [pscustomobject]@{ Name = '$name'; ErrorId = `$null; Message = `$null } | ConvertTo-Json -Compress }"
            $lines += "catch { [pscustomobject]@{ Name = '$name'; ErrorId = `$_.FullyQualifiedErrorId; Message = `$_.Exception.Message } | ConvertTo-Json -Compress }"
        }
        Set-Content -Path $script -Value $lines
        $env:ZT_BASE = "$($emulator.BaseUri)"
        $env:ZT_USER = $emulator.Credential.UserName
        $env:ZT_PASSWORD = $emulator.Credential.GetNetworkCredential().Password
        $env:ZT_APIKEY = [pscredential]::new('k', $emulator.ApiKey).GetNetworkCredential().Password
        $env:ZT_OKTA = "$($emulator.OktaOrigin)"
        $env:ZT_OKTATOKEN = [pscredential]::new('k', $emulator.OktaApiToken).GetNetworkCredential().Password
        $env:ZT_OKTAAPP = $emulator.OktaApp.Label
        $env:ZT_ENTRATENANT = $emulator.EntraTenantId
        $env:ZT_ENTRACLIENT = $emulator.EntraClientId
        $env:ZT_ENTRASECRET = [pscredential]::new('k', $emulator.EntraClientSecret).GetNetworkCredential().Password
        $env:ZT_GRAPH = "$($emulator.GraphEndpoint)"
        $env:ZT_ENTRAAPP = $emulator.EntraServicePrincipal
        try {
            $out = & dotnet (Join-Path $PSHOME 'pwsh.dll') -NoProfile -NonInteractive -File $script 2>&1
        }
        finally {
            Remove-Item Env:ZT_BASE, Env:ZT_USER, Env:ZT_PASSWORD, Env:ZT_APIKEY, Env:ZT_OKTA, Env:ZT_OKTATOKEN, Env:ZT_OKTAAPP,
                Env:ZT_ENTRATENANT, Env:ZT_ENTRACLIENT, Env:ZT_ENTRASECRET, Env:ZT_GRAPH, Env:ZT_ENTRAAPP
        }
        @($out | Where-Object { "$_".StartsWith('{') } | ForEach-Object { "$_" | ConvertFrom-Json })
    }

    function Get-Writes {
        @(Get-ZiaEmulatorRequest $emulator | Where-Object { $_.method -ne 'GET' -and $_.path -notlike '*authenticatedSession' })
    }
}

AfterAll {
    Stop-ZiaEmulator $emulator
}

Describe 'Unattended confirmation' {
    It 'covers every exported cmdlet whose ConfirmImpact is High' {
        $high = Get-Command -Module ZscalerScim -CommandType Cmdlet | Where-Object {
            $_.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact -eq 'High'
        }
        @($high.Name | Sort-Object) | Should -Be @($highImpact.Keys | Sort-Object)
    }

    It 'stops each high-impact change with ZiaConfirmationRequired and changes nothing' {
        $cases = [ordered]@{}
        foreach ($k in $highImpact.Keys) { $cases[$k] = $highImpact[$k] }
        foreach ($k in $highImpactPaths.Keys) { $cases[$k] = $highImpactPaths[$k] }
        $before = Invoke-ZiaEmulator $emulator 'state'
        Invoke-ZiaEmulator $emulator 'requests' -Method DELETE | Out-Null

        $results = Invoke-NonInteractive $cases

        @($results).Count | Should -Be $cases.Count
        foreach ($r in $results) {
            $r.ErrorId | Should -BeLike 'ZiaConfirmationRequired*' -Because $r.Name
            $r.Message | Should -Match 'pass -Confirm:\$false' -Because $r.Name
            $r.Message | Should -Match 'Nothing was changed' -Because $r.Name
        }
        Get-Writes | Should -BeNullOrEmpty
        $after = Invoke-ZiaEmulator $emulator 'state'
        ($after.pending | ConvertTo-Json -Depth 10 -Compress) | Should -Be ($before.pending | ConvertTo-Json -Depth 10 -Compress)
        (Get-ZiaScimUser 'confirm.me@acme.example').UserName | Should -Be 'confirm.me@acme.example'
        (Get-ZiaScimGroup 'Confirm Me').DisplayName | Should -Be 'Confirm Me'
    }

    It 'stops Set-ZiaScimEntraProvisioning -ReleaseDeleteQuarantine with ZiaConfirmationRequired before it writes anything to Entra ID' {
        $entraApp = { (Invoke-ZiaEmulator $emulator 'entra/state').servicePrincipals | Where-Object id -eq $emulator.EntraServicePrincipalId }
        $secretsBefore = (& $entraApp).secrets | ConvertTo-Json -Compress
        Invoke-ZiaEmulator $emulator 'requests' -Method DELETE | Out-Null
        $results = Invoke-NonInteractive ([ordered]@{
            'Set-ZiaScimEntraProvisioning -ReleaseDeleteQuarantine' = "Set-ZiaScimEntraProvisioning `$env:ZT_ENTRAAPP -IdentityProvider 'Entra ID' -ReleaseDeleteQuarantine -TenantId `$env:ZT_ENTRATENANT -ClientId `$env:ZT_ENTRACLIENT -ClientSecret (ConvertTo-SecureString `$env:ZT_ENTRASECRET -AsPlainText -Force) -GraphEndpoint `$env:ZT_GRAPH -LoginEndpoint `$env:ZT_GRAPH"
        })
        $results[0].ErrorId | Should -BeLike 'ZiaConfirmationRequired*'
        $results[0].Message | Should -Match 'ForceDeletes'
        $results[0].Message | Should -Match 'Nothing was changed'
        @(Get-Writes | Where-Object path -notlike '*/oauth2/*') | Should -BeNullOrEmpty
        (& $entraApp).secrets | ConvertTo-Json -Compress | Should -Be $secretsBefore
    }

    It 'runs them when the script passes -Confirm:$false' {
        $results = Invoke-NonInteractive ([ordered]@{ 'Remove-ZiaScimUser' = "Remove-ZiaScimUser -UserName 'confirm.me@acme.example' -Confirm:`$false" })
        $results[0].ErrorId | Should -BeNullOrEmpty
        Get-ZiaScimUser 'confirm.me@acme.example' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}
