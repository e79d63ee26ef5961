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

    It 'refuses a plain-http base URI on this machine through a proxy that is not, before sending anything' {
        Invoke-ZiaEmulator $emulator 'requests' -Method DELETE | Out-Null
        foreach ($proxy in 'http://proxy.example.com:8080', 'https://192.0.2.10:3128', 'http://user:p4ss@10.1.2.3:3128') {
            $err = { Connect-Zia -BaseUri $emulator.BaseUri -Credential $emulator.Credential -ApiKey $emulator.ApiKey -Proxy $proxy } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -BeLike 'ZiaInsecureProxy*'
            $err.CategoryInfo.Category | Should -Be 'SecurityError'
            $err.Exception.Message | Should -Match 'plain http'
            $err.Exception.Message | Should -Not -Match 'p4ss'
            $err = { Connect-Zia -BaseUri $emulator.BaseUri -VanityDomain acme -ClientId $emulator.ClientId -ClientSecret $emulator.ClientSecret -Proxy $proxy } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -BeLike 'ZiaInsecureProxy*'
        }
        @(Get-ZiaEmulatorRequest $emulator).Count | Should -Be 0
    }

    It 'refuses a plain-http base URI on this machine when the system''s proxy is not on it' {
        Invoke-ZiaEmulator $emulator 'requests' -Method DELETE | Out-Null
        # The system proxy is read once per process: a child pwsh with HTTP_PROXY set, and credentials from ZIA_*.
        $script = "Import-Module '$env:ZSCALERSCIM_MODULE'; try { Connect-Zia -BaseUri '$($emulator.BaseUri)'; 'connected' } catch { `$_.FullyQualifiedErrorId; `$_.Exception.Message }"
        $saved = 'HTTP_PROXY', 'http_proxy', 'ZIA_USERNAME', 'ZIA_PASSWORD', 'ZIA_API_KEY' | ForEach-Object { @{ Name = $_; Value = [Environment]::GetEnvironmentVariable($_) } }
        try {
            $env:HTTP_PROXY = $env:http_proxy = 'http://proxy.example.com:8080'
            $env:ZIA_USERNAME = $emulator.Credential.UserName
            $env:ZIA_PASSWORD = $emulator.Credential.GetNetworkCredential().Password
            $env:ZIA_API_KEY = [pscredential]::new('k', $emulator.ApiKey).GetNetworkCredential().Password
            $answer = & dotnet pwsh -NoProfile -NonInteractive -Command $script
        }
        finally {
            foreach ($s in $saved) { [Environment]::SetEnvironmentVariable($s.Name, $s.Value) }
        }
        $answer[0] | Should -BeLike 'ZiaInsecureProxy*'
        $answer[1] | Should -Match 'NO_PROXY'
        @(Get-ZiaEmulatorRequest $emulator).Count | Should -Be 0
    }

    It 'refuses an API key with a line break, NUL or non-ASCII character before calling the service' {
        Invoke-ZiaEmulator $emulator 'requests' -Method DELETE | Out-Null
        $plain = [pscredential]::new('k', $emulator.ApiKey).GetNetworkCredential().Password
        foreach ($bad in "$plain`n", "$plain`0", "$($plain.Substring(1))é", " $plain") {
            $err = { Connect-Zia -BaseUri $emulator.BaseUri -Credential $emulator.Credential -ApiKey (ConvertTo-SecureString $bad -AsPlainText -Force) } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -BeLike 'ZiaInvalidApiKey*'
            $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err.TargetObject | Should -Be 'ApiKey'
            $err.Exception.Message.Contains($plain.Substring(2)) | Should -BeFalse
        }
        @(Get-ZiaEmulatorRequest $emulator).Count | Should -Be 0
    }

    It 'completes cloud names' {
        $completion = TabExpansion2 -inputScript 'Connect-Zia -Cloud zscalert' -cursorColumn 27
        $completion.CompletionMatches.CompletionText | Should -Contain 'zscalertwo'
        $completion.CompletionMatches.CompletionText | Should -Contain 'zscalerthree'
    }

    It 'completes only the clouds the chosen sign-in takes' {
        $apiKey = 'Connect-Zia -Cloud '
        (TabExpansion2 -inputScript $apiKey -cursorColumn $apiKey.Length).CompletionMatches.CompletionText | Should -Not -Contain 'production'
        $oneApi = 'Connect-Zia -VanityDomain acme -ClientId c1 -Cloud '
        @((TabExpansion2 -inputScript $oneApi -cursorColumn $oneApi.Length).CompletionMatches.CompletionText) | Should -Be @('production', 'beta')
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

    It 'explains a corrupt key file (<Name>) with a clear error, sending nothing' -ForEach @(
        @{ Name = 'declared length 0x7fffffff'; Der = [byte[]](0x30, 0x84, 0x7F, 0xFF, 0xFF, 0xFF, 0x02, 0x01, 0x00) }
        @{ Name = 'length bytes cut off'; Der = [byte[]](0x30, 0x82, 0x01) }
        @{ Name = 'inner length past the end'; Der = [byte[]](0x30, 0x06, 0x02, 0x01, 0x00, 0x30, 0x7F, 0x06) }
        @{ Name = 'not base64'; Text = "-----BEGIN PRIVATE KEY-----`n%%%%`n-----END PRIVATE KEY-----" }
    ) {
        $text = if ($Text) { $Text } else { "-----BEGIN PRIVATE KEY-----`n$([Convert]::ToBase64String($Der))`n-----END PRIVATE KEY-----" }
        $path = Join-Path $TestDrive 'corrupt.pem'; Set-Content $path $text
        Invoke-ZiaEmulator $emulator 'requests' -Method DELETE | Out-Null
        $err = { Connect-Zia -BaseUri $emulator.BaseUri -VanityDomain acme -ClientId 'pk-client' -PrivateKeyPath $path } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ZiaInvalidPrivateKey*'
        $err.CategoryInfo.Category | Should -Be 'InvalidData'
        $err.Exception.Message | Should -Match 'private key'
        @(Get-ZiaEmulatorRequest $emulator).Count | Should -Be 0
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

    It 'asks nothing under -NonInteractive, and refuses with the error that names the variables' {
        # A child pwsh -NonInteractive, as a scheduled task runs it, with no ZIA_* or ZSCALER_* variable (cleared above).
        $script = Join-Path $TestDrive 'noninteractive.ps1'
        Set-Content $script "Import-Module '$env:ZSCALERSCIM_MODULE'; try { Connect-Zia; 'connected' } catch { 'ERROR ' + `$_.FullyQualifiedErrorId + ' ' + `$_.CategoryInfo.Category }"
        $out = (& dotnet (Join-Path $PSHOME 'pwsh.dll') -NoProfile -NonInteractive -File $script 2>&1 | Out-String)
        $out | Should -Not -Match 'User:'
        $out | Should -Not -Match 'Sign in to the ZIA admin API'
        $out | Should -Match 'ERROR ZiaEnvironmentIncomplete,ZscalerScim.Commands.ConnectZiaCommand InvalidArgument'
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

Describe 'Sessions and ForEach-Object -Parallel' {
    It 'gives an iteration that did not connect no session, though it reuses the runspace of one that did' {
        $module = $env:ZSCALERSCIM_MODULE
        $target = @{ Uri = $emulator.BaseUri; Credential = $emulator.Credential; ApiKey = $emulator.ApiKey }
        $results = 1..4 | ForEach-Object -ThrottleLimit 1 -Parallel {
            Import-Module $using:module
            $t = $using:target
            $result = [ordered]@{ Iteration = $_; Runspace = [runspace]::DefaultRunspace.InstanceId }
            if ($_ -eq 1) {
                Connect-Zia -BaseUri $t.Uri -Credential $t.Credential -ApiKey $t.ApiKey
                Connect-ZiaScim -IdentityProvider 'Entra ID'
                $result.Session = Get-ZiaOrganization | ForEach-Object OrgId
            }
            else {
                $result.Session = try { Get-ZiaOrganization | ForEach-Object OrgId } catch { $_.FullyQualifiedErrorId }
                $result.Scim = try { Get-ZiaScimUser -ResultSize 1 -ErrorAction Stop; 'no error' } catch { $_.FullyQualifiedErrorId }
                $result.ScimFromSession = try { Connect-ZiaScim -IdentityProvider 'Entra ID'; 'no error' } catch { $_.FullyQualifiedErrorId }
                Disconnect-Zia -Confirm:$false
            }
            [pscustomobject]$result
        }
        # The test proves something only if the iterations really shared one runspace.
        @($results.Runspace | Select-Object -Unique).Count | Should -Be 1
        ($results | Where-Object Iteration -eq 1).Session | Should -Be $emulator.OrgId
        foreach ($later in $results | Where-Object Iteration -gt 1) {
            $later.Session | Should -BeLike 'ZiaNotConnected*'
            $later.Scim | Should -BeLike 'ScimNotConnected*'
            $later.ScimFromSession | Should -BeLike 'ZiaNotConnected*'
        }
    }

    It 'keeps a session passed with -Session working in a reused runspace' {
        $session = Connect-TestZia $emulator
        $orgs = 1..3 | ForEach-Object -ThrottleLimit 1 -Parallel {
            Import-Module $using:env:ZSCALERSCIM_MODULE
            (Get-ZiaOrganization -Session $using:session).OrgId
        }
        $orgs | Should -Be (@($emulator.OrgId) * 3)
        $session.IsConnected | Should -BeTrue
    }
}

Describe 'Proxies' {
    BeforeAll {
        # A second emulator that is also an authenticating proxy (to itself), on 127.0.0.1 like the first.
        $proxied = Start-ZiaEmulator -ArgumentList '--proxy-password', 'proxy-pass-77'
        $proxyCredential = [pscredential]::new('proxy', (ConvertTo-SecureString 'proxy-pass-77' -AsPlainText -Force))
        $wrongProxyCredential = [pscredential]::new('proxy', (ConvertTo-SecureString 'wrong' -AsPlainText -Force))
        $apiKey = @{ BaseUri = $proxied.BaseUri; Credential = $proxied.Credential; ApiKey = $proxied.ApiKey; Proxy = $proxied.BaseUri }
    }
    AfterAll {
        Stop-ZiaEmulator $proxied
    }

    It 'names 407 and -ProxyCredential when the proxy wants credentials' {
        foreach ($extra in @{}, @{ ProxyCredential = $wrongProxyCredential }, @{ ProxyUseDefaultCredentials = $true }) {
            Invoke-ZiaEmulator $proxied 'requests' -Method DELETE | Out-Null
            $err = { Connect-Zia @apiKey @extra } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -BeLike 'ZiaProxyAuthenticationRequired*'
            $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
            $err.Exception.Message | Should -Match '407'
            $err.Exception.Message | Should -Match '-ProxyCredential'
            $err.Exception.Message | Should -Match '-ProxyUseDefaultCredentials'
            $err.Exception.Message | Should -Not -Match 'HTML|instead of JSON'
            (Get-ZiaEmulatorRequest $proxied).status | Should -Contain 407
        }
    }

    It 'signs in to the proxy with -ProxyCredential' {
        Invoke-ZiaEmulator $proxied 'requests' -Method DELETE | Out-Null
        $session = Connect-Zia @apiKey -ProxyCredential $proxyCredential -PassThru
        (Get-ZiaOrganization -Session $session).OrgId | Should -Be $proxied.OrgId
        # Through the proxy: its 407 challenge came first, then the answers.
        (Get-ZiaEmulatorRequest $proxied -Path '/api/v1/authenticatedSession').status | Should -Be 407, 200
    }

    It 'names 407 on a SCIM call through the proxy' {
        $session = Connect-Zia @apiKey -ProxyCredential $proxyCredential -PassThru
        $url = Get-ZiaScimBaseUrl -Session $session -IdentityProvider 'Entra ID'
        $token = Get-ZiaScimBearerToken -Session $session -IdentityProvider 'Entra ID'
        $scim = Connect-ZiaScim -BaseUrl $url.BaseUrl -BearerToken $token -Proxy $proxied.BaseUri -PassThru
        $err = { Get-ZiaScimUser -Connection $scim -ResultSize 1 -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ZiaProxyAuthenticationRequired*'
        $test = Test-ZiaScimConnection -Connection $scim
        $test.Reachable | Should -BeFalse
        $test.StatusCode | Should -Be 407
        $test.Message | Should -Match '-ProxyCredential'
        $ok = Connect-ZiaScim -BaseUrl $url.BaseUrl -BearerToken $token -Proxy $proxied.BaseUri -ProxyCredential $proxyCredential -PassThru
        (Test-ZiaScimConnection -Connection $ok).Authenticated | Should -BeTrue
    }

    It 'probes the SCIM endpoint in Test-ZiaScimSetup through the proxy the ZIA session was connected with' {
        $session = Connect-Zia @apiKey -ProxyCredential $proxyCredential -PassThru
        Enable-ZiaScimProvisioning -Session $session -IdentityProvider 'Entra ID' -Activate -Confirm:$false -WarningAction SilentlyContinue | Out-Null
        Invoke-ZiaEmulator $proxied 'requests' -Method DELETE | Out-Null
        $link = Test-ZiaScimSetup -Session $session -IdentityProvider 'Entra ID' | Where-Object Link -eq 'SCIM endpoint'
        $link.Status | Should -Be 'Pass'
        # The probe met the proxy's challenge, as every request of the session does: it went through the proxy.
        $scim = @(Get-ZiaEmulatorRequest $proxied | Where-Object { $_.path -like '*/scim/*' })
        $scim.status | Should -Contain 407
        $scim.status | Should -Contain 200
    }

    It 'refuses -ProxyCredential together with -ProxyUseDefaultCredentials, sending nothing' {
        Invoke-ZiaEmulator $proxied 'requests' -Method DELETE | Out-Null
        $err = { Connect-Zia @apiKey -ProxyCredential $proxyCredential -ProxyUseDefaultCredentials } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ZiaProxyCredentialConflict*'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        { Connect-ZiaScim -BaseUrl "$($proxied.BaseUri)1/2/scim" -BearerToken (ConvertTo-SecureString 'token' -AsPlainText -Force) -ProxyCredential $proxyCredential -ProxyUseDefaultCredentials } |
            Should -Throw -ErrorId 'ZiaProxyCredentialConflict*'
        @(Get-ZiaEmulatorRequest $proxied).Count | Should -Be 0
    }

    It 'refuses a plain-http SCIM base URL on this machine through a proxy that is not' {
        $err = { Connect-ZiaScim -BaseUrl "$($proxied.BaseUri)1/2/scim" -BearerToken (ConvertTo-SecureString 'token' -AsPlainText -Force) -Proxy 'http://proxy.example.com:8080' } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ZiaInsecureProxy*'
        $err.CategoryInfo.Category | Should -Be 'SecurityError'
    }
}

Describe 'Connect-ZiaScim bearer token checks' {
    It 'refuses a bearer token with <Name>, naming the parameter, not the token' -ForEach @(
        @{ Name = 'CR/LF'; Token = "abc123`r`nX-Injected: yes" }
        @{ Name = 'a NUL'; Token = 'abc123<NUL>def' }   # written out below: a NUL would break the test report
        @{ Name = 'non-ASCII'; Token = 'abc123tökén' }
        @{ Name = 'a space'; Token = 'abc123 def' }
        @{ Name = 'nothing'; Token = '' }
    ) {
        $secure = if ($Token) { ConvertTo-SecureString $Token.Replace('<NUL>', [string][char]0) -AsPlainText -Force } else { [securestring]::new() }
        Invoke-ZiaEmulator $emulator 'requests' -Method DELETE | Out-Null
        $err = { Connect-ZiaScim -BaseUrl "$($emulator.BaseUri)$($emulator.OrgId)/1/scim" -BearerToken $secure } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ScimInvalidBearerToken*'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.TargetObject | Should -Be 'BearerToken'
        if ($Token) { $err.Exception.Message.Contains('abc123') | Should -BeFalse }
        @(Get-ZiaEmulatorRequest $emulator).Count | Should -Be 0
    }
}
