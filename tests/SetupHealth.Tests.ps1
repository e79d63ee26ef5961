# Test-ZiaScimSetup: each ZIA link of the provisioning chain Pass, Fail and NotChecked against the emulator, with one
# link broken at a time by the emulator's switches (/_emulator/break) or by what an IdP pushes.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $zia = 'ZIA session', 'IdP configuration', 'Change activated', 'SCIM endpoint', 'ZIA refusals'

    function Start-Tenant {
        $script:emulator = Start-ZiaEmulator
        Connect-TestZia $script:emulator | Out-Null
        $script:scimUrl = (Get-ZiaScimBaseUrl 'Entra ID').BaseUrl.ToString().TrimEnd('/')
        $script:idpToken = Get-ZiaScimBearerToken 'Entra ID' -AsPlainText
    }
    function Stop-Tenant {
        # The runspace's connections outlive a test: forget them with the tenant.
        try { Disconnect-ZiaScimEntra -Confirm:$false -ErrorAction Ignore } catch { }
        if ($script:emulator) { Stop-ZiaEmulator $script:emulator; $script:emulator = $null }
    }
    # An Entra ID enterprise application holding ZIA's URL and token, its first provisioning cycle run.
    function Connect-Entra {
        Connect-ZiaScimEntra -ServicePrincipal $script:emulator.EntraServicePrincipal -TenantId $script:emulator.EntraTenantId -ClientId $script:emulator.EntraClientId -ClientSecret $script:emulator.EntraClientSecret -GraphEndpoint $script:emulator.GraphEndpoint -LoginEndpoint $script:emulator.LoginEndpoint
        Set-ZiaScimEntraProvisioning -IdentityProvider 'Entra ID' -StartJob -Confirm:$false | Out-Null
        # Entra runs the cycle in the background: wait until the emulator says it finished.
        while (-not ((Invoke-ZiaEmulator $script:emulator 'entra/state').servicePrincipals | Where-Object id -eq $script:emulator.EntraServicePrincipalId).jobs[0].runsCompleted) { Start-Sleep -Milliseconds 200 }
    }
    function Break-Link([hashtable] $Body) { Invoke-ZiaEmulator $script:emulator 'break' -Method POST -Body $Body | Out-Null }

    # What the IdP does: a SCIM call with the token it holds (the one read at the start, as Entra ID or Okta keeps it).
    function Send-AsIdp([string] $Method, [string] $Path, $Body) {
        $request = @{ Method = $Method; Uri = "$script:scimUrl$Path"; Headers = @{ Authorization = "Bearer $script:idpToken" }; ContentType = 'application/scim+json'; SkipHttpErrorCheck = $true; StatusCodeVariable = 'code' }
        if ($Body) { $request.Body = $Body | ConvertTo-Json -Depth 5 }
        $answer = Invoke-RestMethod @request
        [pscustomobject]@{ Status = $code; Body = $answer }
    }
    function New-IdpUser([string] $UserName) {
        Send-AsIdp POST '/Users' @{ schemas = @('urn:ietf:params:scim:schemas:core:2.0:User'); userName = $UserName; active = $true }
    }

    # The links by name; each test also proves the check changed nothing and names every other ZIA link Pass.
    function Invoke-Check([hashtable] $Extra = @{}) {
        $script:before = Invoke-ZiaEmulator $script:emulator 'state'
        Invoke-ZiaEmulator $script:emulator 'requests' -Method DELETE | Out-Null
        $links = @(Test-ZiaScimSetup @Extra)
        $links | Should -BeOfType ZscalerScim.ZiaScimSetupLink
        $byName = @{}
        foreach ($l in $links) { $byName[$l.Link] = $l }
        $byName
    }
    function Assert-Unchanged {
        $after = Invoke-ZiaEmulator $script:emulator 'state'
        $after.activationCount | Should -Be $script:before.activationCount
        $after.activationStatus | Should -Be $script:before.activationStatus
        ($after.pending | ConvertTo-Json -Depth 10) | Should -Be ($script:before.pending | ConvertTo-Json -Depth 10)
        ($after.active | ConvertTo-Json -Depth 10) | Should -Be ($script:before.active | ConvertTo-Json -Depth 10)
        # Only reads: the event-log report, sign-ins and Entra's validateCredentials write nothing in the tenant.
        $writes = @(Get-ZiaEmulatorRequest $script:emulator | Where-Object { $_.method -ne 'GET' -and $_.path -notlike '*/eventlogEntryReport' -and $_.path -notlike '*/authenticatedSession' -and $_.path -notlike '*/validateCredentials' -and $_.path -notlike '*/oauth2/*' })
        $writes | Should -BeNullOrEmpty
    }
    function Assert-OthersPass($Links, [string[]] $Except) {
        foreach ($name in $zia | Where-Object { $_ -notin $Except }) { $Links[$name].Status | Should -Be Pass -Because "$name is not broken" }
    }
    # Test-ZiaScimSetup in a runspace of its own, started (BeginInvoke) so that it can be stopped as Ctrl+C does.
    function Start-CheckInRunspace {
        $script:before = Invoke-ZiaEmulator $script:emulator 'state'
        Invoke-ZiaEmulator $script:emulator 'requests' -Method DELETE | Out-Null
        $ps = [powershell]::Create()
        $null = $ps.AddScript({
            param($module, $uri, $credential, $apiKey)
            Import-Module $module
            Connect-Zia -BaseUri $uri -Credential $credential -ApiKey $apiKey
            Test-ZiaScimSetup 'Entra ID' -EventLogTimeoutSec 3600
        }).AddParameters(@{ module = $env:ZSCALERSCIM_MODULE; uri = $script:emulator.BaseUri; credential = $script:emulator.Credential; apiKey = $script:emulator.ApiKey })
        [pscustomobject]@{ PowerShell = $ps; Run = $ps.BeginInvoke() }
    }
    # Polls the emulator's request log until a request matching $Where has arrived (or the command ended without one).
    function Wait-Request($Check, [scriptblock] $Where) {
        while (-not $Check.Run.IsCompleted -and -not @(Get-ZiaEmulatorRequest $script:emulator | Where-Object $Where)) { Start-Sleep -Milliseconds 50 }
        $Check.Run.IsCompleted | Should -BeFalse -Because 'the command waits for the emulator, so only Stop ends it'
    }
    # Ctrl+C: Stop, with a generous wait only as a guard against a hang; true when the command ended.
    function Stop-Check($Check) {
        $stop = $Check.PowerShell.BeginStop($null, $null)
        $ended = $stop.AsyncWaitHandle.WaitOne([TimeSpan]::FromMinutes(2))
        if ($ended) { $Check.PowerShell.Dispose() }
        $ended -and $Check.Run.IsCompleted
    }
}

Describe 'Test-ZiaScimSetup' {
    BeforeEach { Start-Tenant }
    AfterEach { Stop-Tenant }

    It 'passes every link of a healthy setup with Entra ID, in the chain''s order, and -Quiet says $true' {
        Connect-Entra
        $links = @(Test-ZiaScimSetup 'Entra ID')
        $links.Link | Should -Be @($zia[0..3] + 'IdP endpoint and token', 'IdP job health', 'ZIA refusals')
        $links | ForEach-Object { $_.Status | Should -Be Pass -Because "$($_.Link): $($_.Cause)" }
        Test-ZiaScimSetup 'Entra ID' -Quiet | Should -BeTrue
    }

    It 'fails the IdP''s endpoint and token when the token was rotated in ZIA without the IdP, and names the fix' {
        Connect-Entra
        Break-Link @{ kind = 'tokenRotated'; idpId = 71236 }
        $links = Invoke-Check @{ IdentityProvider = 'Entra ID' }
        $links['IdP endpoint and token'].Status | Should -Be Fail
        $links['IdP endpoint and token'].Cause | Should -Match '401'
        $links['IdP endpoint and token'].Fix | Should -Match 'Update-ZiaScimBearerToken'
        foreach ($name in $zia[0..3]) { $links[$name].Status | Should -Be Pass -Because "$name is not broken" }
        Assert-Unchanged
    }

    It 'passes every ZIA link of a healthy setup, and leaves the IdP links NotChecked without an IdP connection' {
        New-IdpUser 'kim@acme.example' | Out-Null
        $links = @(Test-ZiaScimSetup 'Entra ID')
        @($links.Link | Where-Object { $_ -in $zia }) | Should -Be $zia
        $links[0..3].Link | Should -Be $zia[0..3]
        $links[-1].Link | Should -Be 'ZIA refusals'
        @($links | Where-Object Link -in $zia | Where-Object Status -ne Pass) | Should -BeNullOrEmpty
        $links | Where-Object Status -eq Pass | ForEach-Object { $_.Cause | Should -BeNullOrEmpty; $_.Evidence | Should -Not -BeNullOrEmpty }
        @($links | Where-Object Link -in 'IdP endpoint and token', 'IdP job health' | Where-Object Status -ne NotChecked) | Should -BeNullOrEmpty
        ($links | Where-Object Link -eq 'IdP job health').Fix | Should -Match 'Connect-ZiaScimEntra'
    }

    It 'takes the identity provider piped, and by default the one with SCIM on' {
        (Get-ZiaIdentityProvider 'Entra ID' | Test-ZiaScimSetup | Where-Object Link -eq 'IdP configuration').Target | Should -Be 'Entra ID'
        (Test-ZiaScimSetup | Where-Object Link -eq 'IdP configuration').Evidence | Should -Match "^'Entra ID' \(71236\)"
    }

    It 'fails the ZIA session without one, and leaves the ZIA links NotChecked saying why' {
        Disconnect-Zia
        $links = Invoke-Check
        $links['ZIA session'].Status | Should -Be Fail
        $links['ZIA session'].Fix | Should -Match 'Connect-Zia'
        foreach ($name in $zia[1..4]) {
            $links[$name].Status | Should -Be NotChecked
            $links[$name].Cause | Should -Match 'no ZIA session|disconnected'
        }
        Test-ZiaScimSetup -Quiet | Should -BeFalse
    }

    It 'says where to look on a tenant whose identity providers are managed in ZIdentity' {
        Connect-Zia -BaseUri $emulator.BaseUri -Credential $emulator.Credential -ApiKey $emulator.ApiKey -IdentityManagement ZIdentity
        $links = Invoke-Check
        $links['ZIA session'].Status | Should -Be Warning
        $links['ZIA session'].Fix | Should -Match 'ZIdentity'
        $links['IdP configuration'].Status | Should -Be NotChecked
        $links['IdP configuration'].Fix | Should -Match 'Generate Token'
        $links['ZIA refusals'].Status | Should -Be Pass
        Assert-Unchanged
    }

    It 'fails the IdP configuration when SCIM is off, names the fix, and leaves the endpoint NotChecked' {
        Break-Link @{ kind = 'scimOff'; idpId = 71236 }
        $links = Invoke-Check @{ IdentityProvider = 'Entra ID' }
        $links['IdP configuration'].Status | Should -Be Fail
        $links['IdP configuration'].Cause | Should -Match 'SCIM provisioning is off'
        $links['IdP configuration'].Fix | Should -Match "Enable-ZiaScimProvisioning -IdentityProvider 'Entra ID' -Activate"
        $links['SCIM endpoint'].Status | Should -Be NotChecked
        $links['SCIM endpoint'].Cause | Should -Match 'SCIM provisioning is off'
        Assert-OthersPass $links -Except 'IdP configuration', 'SCIM endpoint'
        Assert-Unchanged
    }

    It 'fails the IdP configuration for SAML auto-provisioning, a missing token and a repository not migrated' {
        Invoke-ZiaEmulator $emulator 'idps' -Method POST -Body @{ id = 71240; name = 'Corp AD SCIM'; enabled = $true; userRepositoryType = 'ACTIVE_DIRECTORY'; autoProvision = $true; scimEnabled = $true; scimSharedSecret = ''; scimSharedSecretExists = $false; scimServiceProviderEndpoint = '' } | Out-Null
        $links = Invoke-Check @{ IdentityProvider = 'Corp AD SCIM' }
        $config = $links['IdP configuration']
        $config.Status | Should -Be Fail
        $config.Cause | Should -Match 'SAML auto-provisioning is on'
        $config.Cause | Should -Match 'no SCIM bearer token'
        $config.Cause | Should -Match 'Disable Directory Sync & Enable SCIM Provisioning'
        $config.Fix | Should -Match 'New-ZiaScimBearerToken'
        $config.Fix | Should -Match '-MigrateFromDirectorySync'
        $links['SCIM endpoint'].Status | Should -Be NotChecked
        Assert-Unchanged
    }

    It 'fails the IdP configuration for a name that is not there, and NotChecked the endpoint' {
        $links = Invoke-Check @{ IdentityProvider = 'No Such IdP' }
        $links['IdP configuration'].Status | Should -Be Fail
        $links['IdP configuration'].Fix | Should -Match 'Get-ZiaIdentityProvider'
        $links['SCIM endpoint'].Status | Should -Be NotChecked
        $links['ZIA refusals'].Status | Should -Be Pass
    }

    It 'fails the activation when a change is saved and not activated, and names Publish-ZiaChange' {
        Break-Link @{ kind = 'notActivated'; idpId = 71236 }
        $links = Invoke-Check @{ IdentityProvider = 'Entra ID' }
        $links['Change activated'].Status | Should -Be Fail
        $links['Change activated'].Evidence | Should -Match 'Pending'
        $links['Change activated'].Fix | Should -Match 'Publish-ZiaChange'
        Assert-OthersPass $links -Except 'Change activated'
        Assert-Unchanged
        (Invoke-ZiaEmulator $emulator 'state').activationStatus | Should -Be 'PENDING'
    }

    It 'names a saved token that is not activated among the pending changes, and the endpoint''s refusal of it' {
        New-ZiaScimBearerToken 'Entra ID' -Confirm:$false 3>$null | Out-Null
        $links = Invoke-Check @{ IdentityProvider = 'Entra ID' }
        $links['Change activated'].Status | Should -Be Fail
        $links['Change activated'].Cause | Should -Match "bearer token saved on 'Entra ID'"
        $links['SCIM endpoint'].Status | Should -Be Fail
        $links['SCIM endpoint'].Fix | Should -Match 'Publish-ZiaChange'
        Assert-Unchanged
    }

    It 'leaves the endpoint NotChecked when it does not answer, and still checks the links after it' {
        Set-ZiaEmulatorFault $emulator -Kind drop -Path "/$($emulator.OrgId)/71236/scim" -Count 20
        $links = Invoke-Check @{ IdentityProvider = 'Entra ID' }
        $links['SCIM endpoint'].Status | Should -Be NotChecked
        $links['SCIM endpoint'].Cause | Should -Match 'did not answer'
        $links['ZIA refusals'].Status | Should -Be Pass
        Assert-OthersPass $links -Except 'SCIM endpoint'
    }

    It 'fails ZIA refusals when the token was rotated in ZIA but not in the IdP, naming Update-ZiaScimBearerToken' {
        Break-Link @{ kind = 'tokenRotated'; idpId = 71236 }
        (New-IdpUser 'lee@acme.example').Status | Should -Be 401
        $links = Invoke-Check @{ IdentityProvider = 'Entra ID' }
        $refusals = $links['ZIA refusals']
        $refusals.Status | Should -Be Fail
        $refusals.Evidence | Should -Match 'TokenRefused 1'
        $refusals.Cause | Should -Match 'refused for the bearer token \(401\)'
        $refusals.Fix | Should -Match "Update-ZiaScimBearerToken -IdentityProvider 'Entra ID'"
        # ZIA's own endpoint takes ZIA's (new) token: the break is between ZIA and the IdP.
        Assert-OthersPass $links -Except 'ZIA refusals'
        Assert-Unchanged
    }

    It 'fails ZIA refusals for users of an unregistered domain, naming the domain and how many users' {
        Break-Link @{ kind = 'unregisteredDomain'; domain = 'acme.test' }
        (New-IdpUser 'max@acme.test').Status | Should -Be 400
        $links = Invoke-Check @{ IdentityProvider = 'Entra ID' }
        $refusals = $links['ZIA refusals']
        $refusals.Status | Should -Be Fail
        $refusals.Cause | Should -Match 'acme\.test \(1 user\)'
        $refusals.Fix | Should -Match 'acme\.test: .*Zscaler support'
        Assert-OthersPass $links -Except 'ZIA refusals'
    }

    It 'counts users per unregistered domain across days (ZIA logs one wrong-domain refusal a day)' {
        $now = [DateTimeOffset]::UtcNow
        Invoke-ZiaEmulator $emulator 'eventlog' -Method POST -Body @(
            @{ time = $now.AddDays(-2).ToUnixTimeMilliseconds(); statusCode = 400; message = "Create user 'a@gone.example' (identity provider 'Entra ID'): userName 'a@gone.example' must be user@domain with a domain registered with Zscaler" }
            @{ time = $now.AddDays(-1).ToUnixTimeMilliseconds(); statusCode = 400; message = "Create user 'b@gone.example' (identity provider 'Entra ID'): userName 'b@gone.example' must be user@domain with a domain registered with Zscaler" }
        ) | Out-Null
        (Invoke-Check @{ Since = (New-TimeSpan -Days 3) })['ZIA refusals'].Cause | Should -Match 'gone\.example \(2 users\)'
        (Invoke-Check @{ Since = (New-TimeSpan -Hours 30) })['ZIA refusals'].Cause | Should -Match 'gone\.example \(1 user\)'
        (Invoke-Check)['ZIA refusals'].Status | Should -Be Pass
    }

    It 'fails ZIA refusals for a user in more than 128 groups' {
        $user = (New-IdpUser 'ned@acme.example').Body
        Invoke-ZiaEmulator $emulator 'scim/71236/groups' -Method POST -Body @(1..128 | ForEach-Object { @{ displayName = "G$_"; members = @(@{ value = $user.id }) } }) | Out-Null
        $group = (Send-AsIdp POST '/Groups' @{ schemas = @('urn:ietf:params:scim:schemas:core:2.0:Group'); displayName = 'G129' }).Body
        (Send-AsIdp PATCH "/Groups/$($group.id)" @{ schemas = @('urn:ietf:params:scim:api:messages:2.0:PatchOp'); Operations = @(@{ op = 'add'; path = 'members'; value = @(@{ value = $user.id }) }) }).Status | Should -Be 400
        $refusals = (Invoke-Check @{ IdentityProvider = 'Entra ID' })['ZIA refusals']
        $refusals.Status | Should -Be Fail
        $refusals.Cause | Should -Match 'more than 128 groups \(ned@acme\.example\)'
    }

    It 'fails ZIA refusals for a deleted user linked to an admin' {
        $user = (New-IdpUser 'admin@acme.example').Body
        (Send-AsIdp DELETE "/Users/$($user.id)").Status | Should -Be 409
        $refusals = (Invoke-Check @{ IdentityProvider = 'Entra ID' })['ZIA refusals']
        $refusals.Status | Should -Be Fail
        $refusals.Cause | Should -Match 'linked to an admin account \(admin@acme\.example\)'
        $refusals.Fix | Should -Match 'Administrator Management'
    }

    It 'leaves ZIA refusals NotChecked, naming the report''s status, when the event log does not answer in time' {
        Invoke-ZiaEmulator $emulator 'eventlog/config' -Method PUT -Body @{ reportStuck = $true } | Out-Null
        $links = Invoke-Check @{ IdentityProvider = 'Entra ID'; EventLogTimeoutSec = 1 }
        $links['ZIA refusals'].Status | Should -Be NotChecked
        $links['ZIA refusals'].Cause | Should -Match 'EXECUTING'
        $links['ZIA refusals'].Fix | Should -Match 'EventLogTimeoutSec'
        Assert-OthersPass $links -Except 'ZIA refusals'
    }

    It 'cancels its event-log report (one DELETE) when stopped with Ctrl+C, and changes nothing else' {
        Invoke-ZiaEmulator $emulator 'eventlog/config' -Method PUT -Body @{ reportStuck = $true } | Out-Null
        $check = Start-CheckInRunspace
        # Stop once ZIA has started the report (its POST answered): it never completes, so the command is polling it.
        Wait-Request $check { $_.method -eq 'POST' -and $_.path -like '*/eventlogEntryReport' -and $_.status -ne 0 }
        Stop-Check $check | Should -BeTrue
        $report = @(Get-ZiaEmulatorRequest $emulator -Path '*/eventlogEntryReport')
        @($report | Where-Object method -eq 'POST') | Should -HaveCount 1
        $cancelled = @($report | Where-Object method -eq 'DELETE')
        $cancelled | Should -HaveCount 1
        $cancelled[0].status | Should -Be 204
        Assert-Unchanged
        # The next reader of the log is not left waiting behind a report nobody will download.
        Invoke-ZiaEmulator $emulator 'eventlog/config' -Method PUT -Body @{ reportStuck = $false } | Out-Null
        { Get-ZiaEventLog -TimeoutSec 30 } | Should -Not -Throw
    }

    It 'ends when stopped with Ctrl+C while the SCIM endpoint is being probed, and reads nothing after it' {
        # Longer than the probe's own 30-second timeout: only Stop ends the probe before the emulator answers.
        Set-ZiaEmulatorFault $emulator -Kind slow -DelayMs 120000 -Path "/$($emulator.OrgId)/71236/scim" -Count 2
        $check = Start-CheckInRunspace
        Wait-Request $check { $_.path -like "/$($emulator.OrgId)/71236/scim*" }
        Stop-Check $check | Should -BeTrue
        @(Get-ZiaEmulatorRequest $emulator -Path "/$($emulator.OrgId)/71236/scim*") | Should -HaveCount 1
        @(Get-ZiaEmulatorRequest $emulator -Path '*/eventlogEntryReport*') | Should -BeNullOrEmpty
        Assert-Unchanged
    }

    It 'names both of two broken links, and -Quiet says $false' {
        Break-Link @{ kind = 'unregisteredDomain'; domain = 'acme.test' }
        New-IdpUser 'ola@acme.test' | Out-Null
        Break-Link @{ kind = 'notActivated'; idpId = 71236 }
        $links = Invoke-Check @{ IdentityProvider = 'Entra ID' }
        @($links.Values | Where-Object Status -eq Fail).Link | Sort-Object | Should -Be @('Change activated', 'ZIA refusals')
        Test-ZiaScimSetup 'Entra ID' -Quiet | Should -BeFalse
    }

    It 'refuses a -Since beyond 14 days before anything is sent' {
        Invoke-ZiaEmulator $emulator 'requests' -Method DELETE | Out-Null
        { Test-ZiaScimSetup 'Entra ID' -Since (Get-Date).AddDays(-15) } | Should -Throw -ErrorId 'ZiaEventLogWindowTooLong,ZscalerScim.Commands.TestZiaScimSetupCommand'
        Get-ZiaEmulatorRequest $emulator | Should -BeNullOrEmpty
    }

    It 'writes no secret into any link' {
        Break-Link @{ kind = 'tokenRotated'; idpId = 71236 }
        New-IdpUser 'pam@acme.example' | Out-Null
        $text = Test-ZiaScimSetup 'Entra ID' *>&1 | Format-List * | Out-String
        $secrets = @($emulator.Secrets) + @($script:idpToken, (Get-ZiaScimBearerToken 'Entra ID' -AsPlainText))
        foreach ($secret in $secrets) { $text | Should -Not -Match ([regex]::Escape($secret)) }
    }

    It 'shows Link, Status and Evidence in its table, and Cause and Fix in its list' {
        Break-Link @{ kind = 'scimOff'; idpId = 71236 }
        $table = Test-ZiaScimSetup 'Entra ID' | Format-Table | Out-String -Width 200
        $table | Should -Match 'Link\s+Status\s+Evidence'
        $table | Should -Match 'IdP configuration\s+Fail'
        (Test-ZiaScimSetup 'Entra ID' | Where-Object Status -eq Fail | Format-List | Out-String -Width 200) | Should -Match 'Fix\s+: Enable-ZiaScimProvisioning'
    }
}
