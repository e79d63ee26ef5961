# The Okta half of SCIM setup: an Okta Zscaler 2.0 app's provisioning connection, set from a ZIA identity provider,
# against the emulator's Okta org (its own port) and its ZIA SCIM server.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emulator = Start-ZiaEmulator
    Connect-TestZia $emulator | Out-Null
    # 'Entra ID' is seeded with SCIM on and an active token: the SCIM server accepts that token now.
    $idp = Get-ZiaIdentityProvider 'Entra ID'
    $ziaBaseUrl = "$((Get-ZiaScimBaseUrl $idp).BaseUrl)"
    $ziaToken = Get-ZiaScimBearerToken $idp -AsPlainText
    $sswsOkta = @{ OktaDomain = "$($emulator.OktaOrigin)"; OktaApiToken = $emulator.OktaApiToken }

    function Get-OktaState { Invoke-ZiaEmulator $emulator 'okta/state' }
    function Get-OktaApp([string] $Id) { (Get-OktaState).apps | Where-Object id -EQ $Id }
    function Test-StoredToken([string] $Id) { Invoke-ZiaEmulator $emulator "okta/apps/$Id/check" }
    # Invoke-RestMethod turns the log's ISO timestamps into UTC DateTimes.
    function ConvertTo-EpochMs($Time) { ([DateTimeOffset]([datetime]$Time).ToUniversalTime()).ToUnixTimeMilliseconds() }
    function Get-OktaRequest { @(Invoke-ZiaEmulator $emulator 'okta/requests') }
    function Clear-OktaRequest { Invoke-ZiaEmulator $emulator 'okta/requests' -Method DELETE | Out-Null }
    function Set-OktaConfig([hashtable] $Config) { Invoke-ZiaEmulator $emulator 'okta/config' -Method PUT -Body $Config | Out-Null }
    function New-OktaServiceApp([string[]] $Scopes = @('okta.apps.read', 'okta.apps.manage')) {
        $rsa = [System.Security.Cryptography.RSA]::Create(2048)
        Invoke-ZiaEmulator $emulator 'okta/clients' -Method POST -Body @{ clientId = $emulator.OktaClientId; publicKeyPem = $rsa.ExportSubjectPublicKeyInfoPem(); scopes = $Scopes } | Out-Null
        $path = Join-Path $TestDrive "okta-$([guid]::NewGuid().ToString('N')).pem"
        Set-Content $path $rsa.ExportPkcs8PrivateKeyPem()
        [pscustomobject]@{ Rsa = $rsa; Path = $path }
    }
    $preview = (Get-OktaState).apps | Where-Object label -EQ 'Zscaler ZIA Preview'
}

AfterAll {
    Stop-ZiaEmulator $emulator
}

Describe 'Get-ZiaScimOktaProvisioning' {
    It 'lists every Zscaler 2.0 app with its connection state, signed in with an API token' {
        $all = @(Get-ZiaScimOktaProvisioning @sswsOkta)
        $all | Should -HaveCount 2
        $all | ForEach-Object { $_ | Should -BeOfType ZscalerScim.ZiaScimOktaProvisioning }
        $all.AppName | Sort-Object -Unique | Should -Be 'zscalerbyz'
        $all.AppLabel | Should -Not -Contain $emulator.OktaOtherApp.Label
        $one = $all | Where-Object AppId -EQ $emulator.OktaApp.Id
        $one.AppLabel | Should -Be 'Zscaler ZIA'
        $one.Status | Should -Be 'DISABLED'
        $one.Enabled | Should -BeFalse
        ($one | Format-Table | Out-String) | Should -Match 'Zscaler ZIA'
    }

    It 'refuses a wrong API token with a clear error' {
        $bad = ConvertTo-SecureString ('00' + 'x' * 40) -AsPlainText -Force
        $err = { Get-ZiaScimOktaProvisioning -OktaDomain "$($emulator.OktaOrigin)" -OktaApiToken $bad -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'OktaAuthenticationFailed*'
        $err.Exception.Message | Should -Match 'OktaApiToken'
    }

    It 'says how to sign in when no Okta credentials are given, before anything is sent' {
        Clear-OktaRequest
        $err = { Get-ZiaScimOktaProvisioning -OktaDomain "$($emulator.OktaOrigin)" } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'OktaSignInIncomplete*'
        Get-OktaRequest | Should -BeNullOrEmpty
    }

    It 'refuses a remote proxy for a plain-http Okta origin, before anything is sent' {
        Clear-OktaRequest
        $err = { Get-ZiaScimOktaProvisioning @sswsOkta -Proxy 'http://proxy.acme.example:8080' } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ZiaInsecureProxy*'
        Get-OktaRequest | Should -BeNullOrEmpty
    }

    It 'refuses plain http to another machine and the -admin host' {
        ({ Get-ZiaScimOktaProvisioning -OktaDomain 'http://acme.okta.com' -OktaApiToken $emulator.OktaApiToken } | Should -Throw -PassThru).FullyQualifiedErrorId | Should -BeLike 'OktaInsecureDomain*'
        ({ Get-ZiaScimOktaProvisioning -OktaDomain 'acme-admin.okta.com' -OktaApiToken $emulator.OktaApiToken } | Should -Throw -PassThru).FullyQualifiedErrorId | Should -BeLike 'OktaInvalidDomain*'
    }
}

Describe 'Set-ZiaScimOktaProvisioning' {
    It 'puts the identity provider''s base URL and token into the app and activates it' {
        $result = Set-ZiaScimOktaProvisioning @sswsOkta -AppLabel 'Zscaler ZIA' -IdentityProvider 'Entra ID' -Activate -PassThru -Confirm:$false
        $result.AppId | Should -Be $emulator.OktaApp.Id
        $result.AuthScheme | Should -Be 'TOKEN'
        $result.Status | Should -Be 'ENABLED'
        $result.BaseUrl | Should -Be $ziaBaseUrl
        # The exact label: 'Zscaler ZIA Preview' (found by Okta's prefix search too) is untouched.
        (Get-OktaApp $preview.id).connection.hasToken | Should -BeFalse
        # Okta now holds a token that the ZIA SCIM server accepts at that URL.
        $check = Test-StoredToken $emulator.OktaApp.Id
        $check.tokenWorks | Should -BeTrue
        $check.scimStatus | Should -Be 200
    }

    It 'takes the identity provider from the pipeline (Get-ZiaScimBaseUrl)' {
        Get-ZiaScimBaseUrl 'Entra ID' | Set-ZiaScimOktaProvisioning @sswsOkta -AppId $emulator.OktaApp.Id -Confirm:$false
        (Test-StoredToken $emulator.OktaApp.Id).tokenWorks | Should -BeTrue
    }

    It 'takes -BaseUrl and -BearerToken, saves without activating, and warns that Okta does not provision yet' {
        $token = ConvertTo-SecureString $ziaToken -AsPlainText -Force
        $result = Set-ZiaScimOktaProvisioning @sswsOkta -AppId $preview.id -BaseUrl $ziaBaseUrl -BearerToken $token -PassThru -Confirm:$false -WarningVariable warned 3>$null
        $result.Status | Should -Be 'DISABLED'
        "$warned" | Should -Match 'not provision|-Activate'
        (Test-StoredToken $preview.id).tokenWorks | Should -BeTrue
        (Get-ZiaScimOktaProvisioning @sswsOkta -AppId $preview.id).BaseUrl | Should -Be $ziaBaseUrl
    }

    It 'stores what it is given, so a wrong token shows up in the check' {
        $wrong = ConvertTo-SecureString 'not-the-zia-token' -AsPlainText -Force
        Set-ZiaScimOktaProvisioning @sswsOkta -AppId $preview.id -BaseUrl $ziaBaseUrl -BearerToken $wrong -Confirm:$false 3>$null
        $check = Test-StoredToken $preview.id
        $check.tokenWorks | Should -BeFalse
        $check.scimStatus | Should -Be 401
    }

    It 'refuses an app that is not Zscaler 2.0 and sends it nothing' {
        Clear-OktaRequest
        $err = { Set-ZiaScimOktaProvisioning @sswsOkta -AppId $emulator.OktaOtherApp.Id -IdentityProvider 'Entra ID' -Confirm:$false -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'OktaAppNotZscaler*'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -Match 'Zscaler 2.0'
        $err.TargetObject | Should -Be $emulator.OktaOtherApp.Id
        @(Get-OktaRequest | Where-Object method -EQ 'POST') | Should -HaveCount 0
        (Get-OktaApp $emulator.OktaOtherApp.Id).connection.hasToken | Should -BeFalse
    }

    It 'names an app label that does not exist' {
        $err = { Set-ZiaScimOktaProvisioning @sswsOkta -AppLabel 'Zscaler' -IdentityProvider 'Entra ID' -Confirm:$false -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'OktaAppNotFound*'
        $err.Exception.Message | Should -Match "'Zscaler ZIA'"
    }

    It 'sends nothing to Okta with -WhatIf' {
        $before = (Get-OktaApp $preview.id).connection
        Clear-OktaRequest
        Set-ZiaScimOktaProvisioning @sswsOkta -AppId $preview.id -IdentityProvider 'Entra ID' -Activate -WhatIf
        @(Get-OktaRequest | Where-Object method -NE 'GET') | Should -HaveCount 0
        $after = (Get-OktaApp $preview.id).connection
        $after.status | Should -Be $before.status
        (Test-StoredToken $preview.id).tokenWorks | Should -BeFalse
    }

    It 'waits out Okta''s rate limit for as long as X-Rate-Limit-Reset says, then succeeds' {
        # One call per 2-second window: the three calls of a Set meet at least one 429 wherever the windows fall.
        Set-OktaConfig @{ rateLimit = 1; rateLimitWindowSeconds = 2 }
        try {
            Clear-OktaRequest
            $token = ConvertTo-SecureString $ziaToken -AsPlainText -Force
            $verbose = Set-ZiaScimOktaProvisioning @sswsOkta -AppId $preview.id -BaseUrl $ziaBaseUrl -BearerToken $token -Activate -Confirm:$false -Verbose 4>&1 3>$null | Out-String
            (Test-StoredToken $preview.id).tokenWorks | Should -BeTrue
            $log = Get-OktaRequest
            $limited = @((Get-OktaState).rateLimited)
            $limited.Count | Should -BeGreaterThan 0
            @($log | Where-Object status -EQ 429).Count | Should -Be $limited.Count
            $verbose | Should -Match 'retry 1 of'
            # Each call after a 429 arrived only once the advertised window had ended.
            for ($i = 0; $i -lt $log.Count - 1; $i++) {
                if ($log[$i].status -ne 429) { continue }
                $sent = ConvertTo-EpochMs $log[$i].timestamp
                $reset = ($limited | Where-Object { [Math]::Abs($_.at - $sent) -lt 1000 } | Select-Object -First 1).reset
                ConvertTo-EpochMs $log[$i + 1].timestamp | Should -BeGreaterOrEqual ($reset * 1000 - 50)
            }
            @($log | Where-Object status -EQ 429).Count | Should -BeLessThan 3 -Because 'a wait from the reset header needs no repeated 429s'
        }
        finally {
            Set-OktaConfig @{ rateLimit = 600; rateLimitWindowSeconds = 60 }
        }
    }
}

Describe 'Signing in to Okta with a service app' {
    It 'gets an access token with a private key JWT and sets the connection' {
        $key = New-OktaServiceApp
        Clear-OktaRequest
        $result = Set-ZiaScimOktaProvisioning -OktaDomain "$($emulator.OktaOrigin)" -OktaClientId $emulator.OktaClientId -OktaPrivateKeyPath $key.Path `
            -AppId $emulator.OktaApp.Id -IdentityProvider 'Entra ID' -Activate -PassThru -Confirm:$false
        $result.Enabled | Should -BeTrue
        (Get-OktaRequest)[0].path | Should -Be '/oauth2/v1/token'
        (Test-StoredToken $emulator.OktaApp.Id).tokenWorks | Should -BeTrue
    }

    It 'signs in with a certificate''s key' {
        $key = New-OktaServiceApp
        $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=okta-service-app', $key.Rsa, 'SHA256', [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
        $cert = $request.CreateSelfSigned([DateTimeOffset]::Now.AddDays(-1), [DateTimeOffset]::Now.AddDays(30))
        @(Get-ZiaScimOktaProvisioning -OktaDomain "$($emulator.OktaOrigin)" -OktaClientId $emulator.OktaClientId -Certificate $cert -AppLabel 'Zscaler ZIA').AppId | Should -Be $emulator.OktaApp.Id
    }

    It 'names a key that does not match the service app' {
        New-OktaServiceApp | Out-Null
        $other = [System.Security.Cryptography.RSA]::Create(2048)
        $path = Join-Path $TestDrive 'other.pem'; Set-Content $path $other.ExportPkcs8PrivateKeyPem()
        $err = { Get-ZiaScimOktaProvisioning -OktaDomain "$($emulator.OktaOrigin)" -OktaClientId $emulator.OktaClientId -OktaPrivateKeyPath $path } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'OktaAuthenticationFailed*'
        $err.Exception.Message | Should -Match 'public key'
    }

    It 'names the missing scope' {
        $key = New-OktaServiceApp -Scopes 'okta.apps.read'
        $err = { Get-ZiaScimOktaProvisioning -OktaDomain "$($emulator.OktaOrigin)" -OktaClientId $emulator.OktaClientId -OktaPrivateKeyPath $key.Path } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'OktaScopeNotGranted*'
        $err.Exception.Message | Should -Match 'okta.apps.manage'
    }

    It 'says clearly when the service app requires DPoP' {
        $key = New-OktaServiceApp
        Set-OktaConfig @{ requireDpop = $true }
        try {
            $err = { Get-ZiaScimOktaProvisioning -OktaDomain "$($emulator.OktaOrigin)" -OktaClientId $emulator.OktaClientId -OktaPrivateKeyPath $key.Path } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -BeLike 'OktaDpopRequired*'
            $err.Exception.Message | Should -Match 'DPoP'
            $err.Exception.Message | Should -Match 'OktaApiToken'
        }
        finally {
            Set-OktaConfig @{ requireDpop = $false }
        }
    }
}

Describe 'Secrets on the way to Okta' {
    It 'writes no API token, bearer token, access token or private key to any stream or the transcript' {
        $key = New-OktaServiceApp
        $keyLines = @((Get-Content $key.Path) | Where-Object { $_ -and $_ -notmatch '-----' })
        $transcript = Join-Path $TestDrive 'okta-transcript.txt'
        Start-Transcript -Path $transcript | Out-Null
        $captured = & {
            $VerbosePreference = 'Continue'
            $DebugPreference = 'Continue'
            $InformationPreference = 'Continue'
            Set-ZiaScimOktaProvisioning @sswsOkta -AppId $emulator.OktaApp.Id -IdentityProvider 'Entra ID' -Activate -PassThru -Confirm:$false | Format-List * | Out-String
            Set-ZiaScimOktaProvisioning -OktaDomain "$($emulator.OktaOrigin)" -OktaClientId $emulator.OktaClientId -OktaPrivateKeyPath $key.Path -AppId $emulator.OktaApp.Id `
                -BaseUrl $ziaBaseUrl -BearerToken (ConvertTo-SecureString $ziaToken -AsPlainText -Force) -Confirm:$false
            Set-ZiaScimOktaProvisioning @sswsOkta -AppId $emulator.OktaOtherApp.Id -IdentityProvider 'Entra ID' -Confirm:$false -ErrorAction Continue
            Get-ZiaScimOktaProvisioning @sswsOkta | Format-List * | Out-String
        } *>&1 | Out-String
        Stop-Transcript | Out-Null
        $text = $captured + (Get-Content $transcript -Raw)

        $text | Should -Match 'connections/default'   # the capture did see the calls
        $text | Should -Match '"token":"\(hidden\)"'  # the Debug body, redacted
        $text | Should -Match "a 'salesforce' app, not Zscaler 2.0"  # the refusal's error, written too
        $text.Contains($ziaToken) | Should -BeFalse -Because 'the SCIM bearer token must never be written'
        foreach ($secret in $emulator.Secrets) { $text.Contains($secret) | Should -BeFalse }
        $issued = Invoke-ZiaEmulator $emulator 'okta/secrets'
        @($issued.accessTokens).Count | Should -BeGreaterThan 0
        foreach ($secret in @($issued.accessTokens) + $issued.apiToken) { $text.Contains($secret) | Should -BeFalse }
        foreach ($line in $keyLines) { $text.Contains($line.Trim()) | Should -BeFalse }
    }

    It 'keeps the token out of the output object' {
        $result = Get-ZiaScimOktaProvisioning @sswsOkta -AppId $emulator.OktaApp.Id
        ($result | ConvertTo-Json -Depth 3).Contains($ziaToken) | Should -BeFalse
    }
}
