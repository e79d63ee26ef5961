# Okta's side of provisioning health: the IdP contract's two links for the Zscaler 2.0 app, its System Log events and its
# app users' syncState, against the emulator's Okta org pushing to its ZIA SCIM server, each link broken one at a time.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot 'IdpHealth.ps1')
    $emulator = Start-ZiaEmulator
    Invoke-ZiaEmulator $emulator 'config' -Method PUT -Body @{ rateLimits = $false } | Out-Null
    Connect-TestZia $emulator | Out-Null
    $idp = Get-ZiaIdentityProvider 'Entra ID'
    $ziaBaseUrl = [uri]"$((Get-ZiaScimBaseUrl $idp).BaseUrl)"
    $appId = $emulator.OktaApp.Id

    function Get-OktaApp { (Invoke-ZiaEmulator $emulator 'okta/state').apps | Where-Object id -EQ $appId }
    function Add-AppUser([string] $UserName) { Invoke-ZiaEmulator $emulator "okta/apps/$appId/users" -Method POST -Body @{ userName = $UserName } | Out-Null }
    function Invoke-Push { Invoke-ZiaEmulator $emulator "okta/apps/$appId/push" -Method POST }
    function Get-OktaRequest { @(Invoke-ZiaEmulator $emulator 'okta/requests') }
    function Get-ServerUsers { @(Invoke-ZiaEmulator $emulator "scim/$($idp.Id)/users") }

    $okta = Connect-ZiaScimOkta -OktaDomain "$($emulator.OktaOrigin)" -OktaApiToken $emulator.OktaApiToken -AppId $appId -PassThru
    Set-ZiaScimOktaProvisioning -IdentityProvider 'Entra ID' -Activate -Confirm:$false
    Add-AppUser 'lynne.robbins@acme.example'
    Invoke-Push | Out-Null
}

AfterAll {
    Stop-ZiaEmulator $emulator
}

Describe 'The IdP links of an Okta Zscaler 2.0 app' {
    It 'passes both links when the connection holds ZIA''s URL and Okta''s pushes succeed' {
        (Get-ServerUsers).userName | Should -Contain 'lynne.robbins@acme.example'
        $links = @(Get-IdpHealth -Okta $okta -AppId $appId -ExpectedBaseUrl $ziaBaseUrl)
        $links.Link | Should -Be @('IdP endpoint and token', 'IdP job health')
        $links.Status | Should -Be @('Pass', 'Pass')
        $links[0].Evidence | Should -Match 'connection ENABLED'
        $links[0].Evidence | Should -Match '0 authentication failures'
        $links[1].Evidence | Should -Match '1 app users, 0 in ERROR'
        $links[0].Target | Should -Be 'Okta: Zscaler ZIA'
    }

    It 'fails the job link for a user ZIA refused, naming the reason, with typed log events and app users' {
        Add-AppUser 'mallory@unregistered.example'
        Invoke-Push | Out-Null
        $links = @(Get-IdpHealth -Okta $okta -AppId $appId -ExpectedBaseUrl $ziaBaseUrl)
        $links.Status | Should -Be @('Pass', 'Fail')
        $links[1].Evidence | Should -Match '1 in ERROR'
        $links[1].Cause | Should -Match 'unregistered.example'

        $failed = @(Get-ZiaScimOktaLog -Failed)
        $failed | Should -HaveCount 1
        $failed[0] | Should -BeOfType ZscalerScim.ZiaScimOktaEvent
        $failed[0].EventType | Should -Be 'application.provision.user.push'
        $failed[0].Result | Should -Be 'FAILURE'
        $failed[0].TargetUser | Should -Be 'mallory@unregistered.example'
        $failed[0].Published | Should -Not -BeNullOrEmpty
        @(Get-ZiaScimOktaLog).Count | Should -BeGreaterThan 1

        $attention = @(Get-ZiaScimOktaAppUser -NeedsAttention)
        $attention.UserName | Should -Be 'mallory@unregistered.example'
        $attention[0].SyncState | Should -Be 'ERROR'
        @(Get-ZiaScimOktaAppUser).Count | Should -Be 2
        (Get-ServerUsers).userName | Should -Not -Contain 'mallory@unregistered.example'
    }

    It 'bounds every System Log read by until (a query without it never ends) and filters on the app and the event types' {
        $reads = @(Get-OktaRequest | Where-Object path -EQ '/api/v1/logs')
        $reads | Should -Not -BeNullOrEmpty
        foreach ($read in $reads) {
            $q = [uri]::UnescapeDataString($read.query)
            $q | Should -Match 'until=\d{4}-'
            $q | Should -Match "target.id eq `"$appId`""
            $q | Should -Match 'eventType eq "application\.'
        }
        # Get-ZiaScimOktaLog asks for the provisioning and the integration event types.
        $reads.query | ForEach-Object { [uri]::UnescapeDataString($_) } | Where-Object { $_ -match 'application.provision.user.push' -and $_ -match 'application.integration.general_failure' } |
            Should -Not -BeNullOrEmpty
    }

    It 'fails the endpoint link when ZIA''s token was rotated but Okta keeps the old one' {
        Invoke-ZiaEmulator $emulator 'okta/break' -Method POST -Body @{ fault = 'staleToken' } | Out-Null
        $links = @(Get-IdpHealth -Okta $okta -AppId $appId -ExpectedBaseUrl $ziaBaseUrl)
        $links[0].Status | Should -Be 'Fail'
        $links[0].Evidence | Should -Match '1 authentication failures'
        $links[0].Cause | Should -Match 'token'
        $links[0].Fix | Should -Match 'Update-ZiaScimBearerToken'
        (Get-ZiaScimOktaLog -EventType 'application.integration.authentication_failure').Result | Should -Be 'FAILURE'
    }

    It 'fails the endpoint link when Okta holds another base URL than ZIA''s' {
        $links = @(Get-IdpHealth -Okta $okta -AppId $appId -ExpectedBaseUrl ([uri]'https://scim.zscalertwo.net/1/2/scim'))
        $links[0].Status | Should -Be 'Fail'
        $links[0].Cause | Should -Match 'another SCIM base URL'
    }

    It 'makes the links NotChecked, naming okta.logs.read, when Okta refuses the System Log' {
        Invoke-ZiaEmulator $emulator 'okta/config' -Method PUT -Body @{ deniedScopes = @('okta.logs.read') } | Out-Null
        try {
            $links = @(Get-IdpHealth -Okta $okta -AppId $appId -ExpectedBaseUrl $ziaBaseUrl)
            $links.Status | Should -Be @('NotChecked', 'NotChecked')
            $links[0].Cause | Should -Match 'okta.logs.read'
            $err = { Get-ZiaScimOktaLog -ErrorAction Stop } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -BeLike 'OktaLogAccessDenied*'
        }
        finally { Invoke-ZiaEmulator $emulator 'okta/config' -Method PUT -Body @{ deniedScopes = @() } | Out-Null }
    }

    It 'makes both links NotChecked with the reason when the app is not a Zscaler 2.0 app' {
        $links = @(Get-IdpHealth -Okta $okta -AppId $emulator.OktaOtherApp.Id -ExpectedBaseUrl $ziaBaseUrl)
        $links.Status | Should -Be @('NotChecked', 'NotChecked')
        $links[0].Cause | Should -Match 'not Zscaler 2.0'
    }
}
