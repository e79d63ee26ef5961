BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emulator = Start-ZiaEmulator
}

AfterAll {
    Get-Variable emulator -ErrorAction Ignore | ForEach-Object { Stop-ZiaEmulator $_.Value }
}

Describe 'Connect-Zia with an API key' {
    It 'signs in, learns the organization and becomes the runspace default' {
        $session = Connect-TestZia $emulator
        $session | Should -BeOfType ZscalerScim.ZiaSession
        $session.AuthType | Should -Be 'ApiKey'
        $session.OrgId | Should -Be $emulator.OrgId
        $session.Cloud | Should -Be 'zscalertwo'
        $session.UserName | Should -Be $emulator.Credential.UserName
        $session.Endpoints.ScimHost | Should -Be "$($emulator.BaseUri.GetLeftPart('Authority'))/"
        (Get-ZiaOrganization).OrgId | Should -Be $emulator.OrgId
    }

    It 'logs out the session it opened when connecting fails after sign-in' {
        Invoke-ZiaEmulator $emulator 'requests' -Method DELETE | Out-Null
        Set-ZiaEmulatorFault $emulator -Kind readOnly -Method GET -Path '/api/v1/orgInformation'
        { Connect-TestZia $emulator -ErrorAction Stop } | Should -Throw -ErrorId 'ZiaReadOnly*'
        $calls = @(Get-ZiaEmulatorRequest $emulator -Path '/api/v1/authenticatedSession')
        $calls.method | Should -Be @('POST', 'DELETE')
    }

    It 'outputs nothing without -PassThru' {
        Connect-Zia -BaseUri $emulator.BaseUri -Credential $emulator.Credential -ApiKey $emulator.ApiKey | Should -BeNullOrEmpty
    }

    It 'logs in once and then reuses the session cookie' {
        Invoke-ZiaEmulator $emulator 'requests' -Method DELETE | Out-Null
        Connect-TestZia $emulator | Out-Null
        Get-ZiaActivationStatus | Out-Null
        $requests = Get-ZiaEmulatorRequest $emulator
        @($requests | Where-Object path -eq '/api/v1/authenticatedSession').Count | Should -Be 1
        $requests.status | Should -Not -Contain 401
    }

    It 'refuses a wrong password with an authentication error' {
        $bad = [pscredential]::new($emulator.Credential.UserName, (ConvertTo-SecureString 'wrong-password' -AsPlainText -Force))
        $err = { Connect-Zia -BaseUri $emulator.BaseUri -Credential $bad -ApiKey $emulator.ApiKey } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ZiaAuthenticationFailed*'
        $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $err.Exception.Message | Should -Match 'API key'
    }

    It 'refuses an API key shorter than 12 characters before calling the service' {
        Invoke-ZiaEmulator $emulator 'requests' -Method DELETE | Out-Null
        $short = ConvertTo-SecureString 'abc123' -AsPlainText -Force
        $err = { Connect-Zia -BaseUri $emulator.BaseUri -Credential $emulator.Credential -ApiKey $short } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ZiaInvalidApiKey*'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        @(Get-ZiaEmulatorRequest $emulator).Count | Should -Be 0
    }

    It 'refuses an unknown cloud and names the known ones' {
        $err = { Connect-Zia -Cloud zscalerfour -Credential $emulator.Credential -ApiKey $emulator.ApiKey } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ZiaUnknownCloud*'
        $err.Exception.Message | Should -Match 'zscalertwo'
    }

    It 'refuses plain http to a host that is not loopback' {
        $err = { Connect-Zia -BaseUri 'http://zia.example.com' -Credential $emulator.Credential -ApiKey $emulator.ApiKey } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ZiaInsecureBaseUri*'
        $err.CategoryInfo.Category | Should -Be 'SecurityError'
    }

    It 'completes cloud names' {
        $completion = TabExpansion2 -inputScript 'Connect-Zia -Cloud zscalert' -cursorColumn 27
        $completion.CompletionMatches.CompletionText | Should -Contain 'zscalertwo'
        $completion.CompletionMatches.CompletionText | Should -Contain 'zscalerthree'
    }
}

Describe 'Connect-Zia with OneAPI' {
    It 'gets a token with a client secret and calls /zia/api/v1 with it' {
        Invoke-ZiaEmulator $emulator 'requests' -Method DELETE | Out-Null
        $session = Connect-Zia -BaseUri $emulator.BaseUri -VanityDomain $emulator.VanityDomain -ClientId $emulator.ClientId -ClientSecret $emulator.ClientSecret -PassThru
        $session.AuthType | Should -Be 'OneApiSecret'
        $session.ClientId | Should -Be $emulator.ClientId
        (Get-ZiaActivationStatus -Session $session).Status | Should -Be 'Active'
        $paths = (Get-ZiaEmulatorRequest $emulator).path
        $paths | Should -Contain '/oauth2/v1/token'
        $paths | Should -Contain '/zia/api/v1/status'
        $paths | Should -Not -Contain '/api/v1/status'
    }

    It 'refuses a wrong client secret' {
        $wrong = ConvertTo-SecureString 'not-the-secret' -AsPlainText -Force
        $err = { Connect-Zia -BaseUri $emulator.BaseUri -VanityDomain acme -ClientId $emulator.ClientId -ClientSecret $wrong } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ZiaAuthenticationFailed*'
    }

    It 'signs a client assertion with a private key file (PKCS#8 and PKCS#1)' {
        $rsa = [System.Security.Cryptography.RSA]::Create(2048)
        Invoke-ZiaEmulator $emulator 'clients' -Method POST -Body @{ clientId = 'pk-client'; publicKeyPem = $rsa.ExportSubjectPublicKeyInfoPem() } | Out-Null
        $pkcs8 = Join-Path $TestDrive 'key8.pem'; Set-Content $pkcs8 $rsa.ExportPkcs8PrivateKeyPem()
        $pkcs1 = Join-Path $TestDrive 'key1.pem'; Set-Content $pkcs1 $rsa.ExportRSAPrivateKeyPem()
        foreach ($path in $pkcs8, $pkcs1) {
            $session = Connect-Zia -BaseUri $emulator.BaseUri -VanityDomain acme -ClientId 'pk-client' -PrivateKeyPath $path -PassThru
            $session.AuthType | Should -Be 'OneApiPrivateKey'
            $session.OrgId | Should -Be $emulator.OrgId
        }
    }

    It 'signs with a certificate''s private key' {
        $rsa = [System.Security.Cryptography.RSA]::Create(2048)
        $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=zia-client', $rsa, 'SHA256', [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
        $cert = $request.CreateSelfSigned([datetimeoffset]::Now.AddDays(-1), [datetimeoffset]::Now.AddDays(1))
        Invoke-ZiaEmulator $emulator 'clients' -Method POST -Body @{ clientId = 'cert-client'; publicKeyPem = $rsa.ExportSubjectPublicKeyInfoPem() } | Out-Null
        $session = Connect-Zia -BaseUri $emulator.BaseUri -VanityDomain acme -ClientId 'cert-client' -Certificate $cert -PassThru
        $session.AuthType | Should -Be 'OneApiPrivateKey'
    }

    It 'refuses a key the service does not know for the client' {
        $other = [System.Security.Cryptography.RSA]::Create(2048)
        $path = Join-Path $TestDrive 'other.pem'; Set-Content $path $other.ExportPkcs8PrivateKeyPem()
        { Connect-Zia -BaseUri $emulator.BaseUri -VanityDomain acme -ClientId 'pk-client' -PrivateKeyPath $path } |
            Should -Throw -ErrorId 'ZiaAuthenticationFailed*'
    }

    It 'explains an unreadable key file' {
        $path = Join-Path $TestDrive 'garbage.pem'; Set-Content $path 'not a key'
        $err = { Connect-Zia -BaseUri $emulator.BaseUri -VanityDomain acme -ClientId 'pk-client' -PrivateKeyPath $path } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ZiaInvalidPrivateKey*'
        $err.CategoryInfo.Category | Should -Be 'InvalidData'
    }

    It 'renews an expired token once and repeats the call' {
        Invoke-ZiaEmulator $emulator 'config' -Method PUT -Body @{ tokenLifetimeSeconds = 2 } | Out-Null
        try {
            $session = Connect-Zia -BaseUri $emulator.BaseUri -VanityDomain acme -ClientId $emulator.ClientId -ClientSecret $emulator.ClientSecret -PassThru
            Start-Sleep -Seconds 3
            (Get-ZiaOrganization -Session $session).OrgId | Should -Be $emulator.OrgId
        }
        finally {
            Invoke-ZiaEmulator $emulator 'config' -Method PUT -Body @{ tokenLifetimeSeconds = 3600 } | Out-Null
        }
    }
}

Describe 'Connect-Zia from environment variables' {
    BeforeEach {
        $saved = @{}
        foreach ($name in 'ZIA_USERNAME', 'ZIA_PASSWORD', 'ZIA_API_KEY', 'ZIA_CLOUD', 'ZSCALER_CLIENT_ID', 'ZSCALER_CLIENT_SECRET', 'ZSCALER_PRIVATE_KEY', 'ZSCALER_VANITY_DOMAIN', 'ZSCALER_CLOUD') {
            $saved[$name] = [Environment]::GetEnvironmentVariable($name)
            [Environment]::SetEnvironmentVariable($name, $null)
        }
    }
    AfterEach {
        foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
    }

    It 'reads the legacy ZIA_* variables' {
        $env:ZIA_USERNAME = $emulator.Credential.UserName
        $env:ZIA_PASSWORD = $emulator.Credential.GetNetworkCredential().Password
        $env:ZIA_API_KEY = [pscredential]::new('k', $emulator.ApiKey).GetNetworkCredential().Password
        $session = Connect-Zia -BaseUri $emulator.BaseUri -PassThru
        $session.AuthType | Should -Be 'ApiKey'
        $session.OrgId | Should -Be $emulator.OrgId
    }

    It 'prefers the OneAPI ZSCALER_* variables' {
        $env:ZSCALER_CLIENT_ID = $emulator.ClientId
        $env:ZSCALER_CLIENT_SECRET = [pscredential]::new('k', $emulator.ClientSecret).GetNetworkCredential().Password
        $env:ZSCALER_VANITY_DOMAIN = $emulator.VanityDomain
        $session = Connect-Zia -BaseUri $emulator.BaseUri -PassThru
        $session.AuthType | Should -Be 'OneApiSecret'
    }

    It 'names every missing variable' {
        $env:ZIA_USERNAME = 'admin@acme.example'
        $err = { Connect-Zia } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ZiaEnvironmentIncomplete*'
        $err.Exception.Message | Should -Match 'not set: ZIA_PASSWORD, ZIA_API_KEY, ZIA_CLOUD\.'
    }

    It 'never repeats ZSCALER_PRIVATE_KEY in an error, whatever it holds' {
        $env:ZSCALER_CLIENT_ID = 'pk-client'
        $env:ZSCALER_VANITY_DOMAIN = 'acme'
        foreach ($value in '"MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ') {
            $env:ZSCALER_PRIVATE_KEY = $value
            $err = { Connect-Zia -BaseUri $emulator.BaseUri } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -BeLike 'ZiaInvalidPrivateKey*'
            $err.Exception.Message.Contains('MIIEvQIBADANBgkqhkiG9w0BAQEFAASC') | Should -BeFalse
            "$($err.TargetObject)".Contains('MIIEvQ') | Should -BeFalse
            $err.Exception.Message | Should -Match 'ZSCALER_PRIVATE_KEY'
        }
    }

    It 'names the OneAPI variables that are missing' {
        $env:ZSCALER_CLIENT_ID = 'x'
        { Connect-Zia } | Should -Throw -ExpectedMessage '*ZSCALER_VANITY_DOMAIN, ZSCALER_CLIENT_SECRET or ZSCALER_PRIVATE_KEY*'
    }
}

Describe 'Sessions per runspace' {
    It 'says how to connect when a runspace has no session' {
        $result = Start-ThreadJob {
            Import-Module $using:env:ZSCALERSCIM_MODULE
            try { Get-ZiaOrganization; 'no error' } catch { $_.FullyQualifiedErrorId }
        } | Receive-Job -Wait -AutoRemoveJob
        $result | Should -BeLike 'ZiaNotConnected*'
    }

    It 'keeps parallel runspaces connected to two tenants apart' {
        $second = Start-ZiaEmulator
        try {
            Invoke-ZiaEmulator $second 'org' -Method PUT -Body @{ orgId = 555001; name = 'Second Corp' } | Out-Null
            $targets = @(
                @{ Uri = $emulator.BaseUri; Credential = $emulator.Credential; ApiKey = $emulator.ApiKey }
                @{ Uri = $second.BaseUri; Credential = $second.Credential; ApiKey = $second.ApiKey }
            )
            $module = $env:ZSCALERSCIM_MODULE
            $results = $targets | ForEach-Object -ThrottleLimit 2 -Parallel {
                Import-Module $using:module
                Connect-Zia -BaseUri $_.Uri -Credential $_.Credential -ApiKey $_.ApiKey
                $orgs = foreach ($i in 1..3) { Start-Sleep -Milliseconds 200; (Get-ZiaOrganization).OrgId }
                [pscustomobject]@{ Expected = "$($_.Uri)"; Orgs = $orgs }
            }
            $byTenant = $results
            ($byTenant | Where-Object Expected -eq "$($emulator.BaseUri)").Orgs | Should -Be (@($emulator.OrgId) * 3)
            ($byTenant | Where-Object Expected -eq "$($second.BaseUri)").Orgs | Should -Be @(555001, 555001, 555001)
        }
        finally {
            Stop-ZiaEmulator $second
        }
    }
}
