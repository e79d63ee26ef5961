# Connect once to Entra ID and Okta: the connection lives in the runspace, the IdP cmdlets use it when given no
# credentials, a sign-in passed in keeps working, and Disconnect forgets it.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emulator = Start-ZiaEmulator
    Invoke-ZiaEmulator $emulator 'config' -Method PUT -Body @{ rateLimits = $false } | Out-Null
    Connect-TestZia $emulator | Out-Null
    $secretSignIn = @{
        TenantId = $emulator.EntraTenantId; ClientId = $emulator.EntraClientId; ClientSecret = $emulator.EntraClientSecret
        GraphEndpoint = $emulator.GraphEndpoint; LoginEndpoint = $emulator.LoginEndpoint
    }
    $appId = $emulator.EntraServicePrincipalId
    $oktaApp = $emulator.OktaApp.Id
    $ziaBaseUrl = "$((Get-ZiaScimBaseUrl (Get-ZiaIdentityProvider 'Entra ID')).BaseUrl)"

    function Get-EntraState { Invoke-ZiaEmulator $emulator 'entra/state' }
    function Get-StoredSecret([string] $Key) { (((Get-EntraState).servicePrincipals | Where-Object id -EQ $appId).secrets | Where-Object key -EQ $Key).value }
    function Get-OktaApp { (Invoke-ZiaEmulator $emulator 'okta/state').apps | Where-Object id -EQ $oktaApp }
}

AfterAll {
    Stop-ZiaEmulator $emulator
}

Describe 'Connect-ZiaScimEntra' {
    It 'signs in once; the Entra ID cmdlets then need no credentials, and Get-ZiaSession -All shows the connection' {
        $tokensBefore = @((Get-EntraState).accessTokens).Count
        Connect-ZiaScimEntra @secretSignIn -ServicePrincipal $emulator.EntraServicePrincipal
        $shown = @(Get-ZiaSession -All)
        $graph = $shown | Where-Object { $_ -is [ZscalerScim.GraphConnection] }
        $graph | Should -Not -BeNullOrEmpty
        $graph.ServicePrincipal | Should -Be $appId
        $graph.SignedInAs | Should -Not -Match ([regex]::Escape([System.Net.NetworkCredential]::new('', $emulator.EntraClientSecret).Password))
        @(Get-ZiaSession) | Should -HaveCount 1

        (Get-ZiaScimEntraProvisioning).JobId | Should -Be $emulator.EntraJobId
        Set-ZiaScimEntraProvisioning -IdentityProvider 'Entra ID' -Confirm:$false
        Get-StoredSecret BaseAddress | Should -Be $ziaBaseUrl
        Get-StoredSecret SecretToken | Should -Be (Get-ZiaScimBearerToken -IdentityProvider 'Entra ID' -AsPlainText)
        # One sign-in for all of it.
        @((Get-EntraState).accessTokens).Count | Should -Be ($tokensBefore + 1)
    }

    It 'keeps a sign-in passed in working beside the connection' {
        $before = @((Get-EntraState).accessTokens).Count
        (Get-ZiaScimEntraProvisioning -ServicePrincipal $appId @secretSignIn).JobId | Should -Be $emulator.EntraJobId
        @((Get-EntraState).accessTokens).Count | Should -Be ($before + 1)
    }

    It 'rotates the token into the connected Entra ID with Update-ZiaScimBearerToken and no IdP parameters' {
        $result = Update-ZiaScimBearerToken -IdentityProvider 'Entra ID' -Confirm:$false
        $result.Validated | Should -Be 'Done'
        $result.Target | Should -Match 'Entra ID'
        Get-StoredSecret SecretToken | Should -Be (Get-ZiaScimBearerToken -IdentityProvider 'Entra ID' -AsPlainText)
    }

    It 'forgets the connection on Disconnect-ZiaScimEntra' {
        Disconnect-ZiaScimEntra -Confirm:$false
        @(Get-ZiaSession -All | Where-Object { $_ -is [ZscalerScim.GraphConnection] }) | Should -HaveCount 0
        $err = { Get-ZiaScimEntraProvisioning -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'EntraNotConnected*'
    }
}

Describe 'Connect-ZiaScimOkta' {
    It 'signs in once; the Okta cmdlets then need no -OktaDomain, and Set-ZiaScimOktaProvisioning writes the connected app' {
        Connect-ZiaScimOkta -OktaDomain "$($emulator.OktaOrigin)" -OktaApiToken $emulator.OktaApiToken -AppId $oktaApp
        $okta = @(Get-ZiaSession -All) | Where-Object { $_ -is [ZscalerScim.OktaConnection] }
        $okta.AppId | Should -Be $oktaApp
        @(Get-ZiaScimOktaProvisioning).AppId | Should -Be @($oktaApp)
        Set-ZiaScimOktaProvisioning -IdentityProvider 'Entra ID' -Activate -Confirm:$false
        $app = Get-OktaApp
        $app.connection.baseUrl | Should -Be $ziaBaseUrl
        $app.connection.status | Should -Be 'ENABLED'
        $app.connection.hasToken | Should -BeTrue
    }

    It 'refuses an Okta credential without -OktaDomain before anything is sent' {
        $err = { Get-ZiaScimOktaProvisioning -OktaApiToken $emulator.OktaApiToken -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'OktaDomainRequired*'
    }

    It 'refuses to guess which IdP a rotation writes when both are connected, and changes nothing' {
        Connect-ZiaScimEntra @secretSignIn -ServicePrincipal $appId
        $before = Get-ZiaScimBearerToken -IdentityProvider 'Entra ID' -AsPlainText
        $err = { Update-ZiaScimBearerToken -IdentityProvider 'Entra ID' -Confirm:$false -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ZiaIdpAmbiguous*'
        Get-ZiaScimBearerToken -IdentityProvider 'Entra ID' -AsPlainText | Should -Be $before
        Disconnect-ZiaScimEntra -Confirm:$false
    }

    It 'forgets the connection on Disconnect-ZiaScimOkta' {
        Disconnect-ZiaScimOkta -Confirm:$false
        $err = { Get-ZiaScimOktaProvisioning -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'OktaNotConnected*'
    }
}
