# Session habits: who am I connected to, closing a SCIM connection, and views that fit an 80-column console.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emulator = Start-ZiaEmulator
}

AfterAll {
    Stop-ZiaEmulator $emulator
}

Describe 'Get-ZiaSession' {
    It 'returns nothing before Connect-Zia, then the session, and knows when it saved without activating' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$env:ZSCALERSCIM_MODULE'; @(Get-ZiaSession).Count")
            $ps.Invoke() | Should -Be 0
        }
        finally { $ps.Dispose() }

        $session = Connect-TestZia $emulator
        $current = Get-ZiaSession
        [object]::ReferenceEquals($current, $session) | Should -BeTrue
        $current.OrgId | Should -Be $emulator.OrgId
        $current.AuthType | Should -Be 'ApiKey'
        $current.HasUnpublishedChanges | Should -BeFalse
        $current.TokenExpiresAt | Should -BeNullOrEmpty

        $value = (Get-ZiaAuthenticationSetting).SamlAutoProvisioning
        Set-ZiaAuthenticationSetting -SamlAutoProvisioning (-not $value) -Confirm:$false
        (Get-ZiaSession).HasUnpublishedChanges | Should -BeTrue
        Publish-ZiaChange -Confirm:$false
        (Get-ZiaSession).HasUnpublishedChanges | Should -BeFalse
    }

    It 'shows when a OneAPI token expires' {
        $oneApi = Connect-Zia -BaseUri $emulator.BaseUri -VanityDomain $emulator.VanityDomain -ClientId $emulator.ClientId -ClientSecret $emulator.ClientSecret -PassThru
        $oneApi.TokenExpiresAt | Should -BeGreaterThan (Get-Date)
        Connect-TestZia $emulator | Out-Null
    }
}

Describe 'Get-ZiaScimConnection and Disconnect-ZiaScim' {
    It 'shows the current connection, closes it, and says so when a closed one is used' {
        Connect-TestZia $emulator | Out-Null
        $scim = Connect-ZiaScim -IdentityProvider 'Entra ID' -PassThru
        [object]::ReferenceEquals((Get-ZiaScimConnection), $scim) | Should -BeTrue
        Disconnect-ZiaScim -WhatIf
        (Get-ZiaScimConnection) | Should -Not -BeNullOrEmpty
        Disconnect-ZiaScim -Confirm:$false
        Get-ZiaScimConnection | Should -BeNullOrEmpty
        $scim.IsConnected | Should -BeFalse
        { Get-ZiaScimUser -ErrorAction Stop } | Should -Throw -ErrorId 'ScimNotConnected*'
        { Get-ZiaScimUser -Connection $scim -ErrorAction Stop } | Should -Throw -ErrorId 'ScimConnectionClosed*'
    }
}

Describe 'Views on an 80-column console' {
    BeforeAll { Connect-TestZia $emulator | Out-Null }

    It 'shows every column of <Name> within 80 columns' -TestCases @(
        @{ Name = 'Get-ZiaIdentityProvider'; Command = { Get-ZiaIdentityProvider }; Header = 'Token' }
        @{ Name = 'Get-ZiaScimBaseUrl'; Command = { Get-ZiaScimBaseUrl 'Entra ID' }; Header = 'Deprecated' }
        @{ Name = 'Connect-ZiaScim -PassThru'; Command = { Connect-ZiaScim -BaseUrl (Get-ZiaScimBaseUrl 'Entra ID').BaseUrl -BearerToken (Get-ZiaScimBearerToken 'Entra ID') -PassThru }; Header = 'PerSecond' }
    ) {
        param($Name, $Command, $Header)
        $lines = @((& $Command | Format-Table | Out-String -Width 80) -split "`r?`n" | Where-Object { $_.Trim() })
        $lines[0] | Should -Match "\b$Header\b" -Because 'the last column must not be cut or wrapped'
        foreach ($line in $lines) { $line.Length | Should -BeLessOrEqual 80 }
    }

    It 'names the identity provider of a connection made from a base URL by its id' {
        $endpoint = Get-ZiaScimBaseUrl 'Entra ID'
        $scim = Connect-ZiaScim -BaseUrl $endpoint.BaseUrl -BearerToken (Get-ZiaScimBearerToken 'Entra ID') -PassThru
        $scim.IdentityProviderId | Should -Be $endpoint.IdentityProviderId
        ($scim | Format-Table | Out-String) | Should -Match "id $($endpoint.IdentityProviderId)"
    }
}
