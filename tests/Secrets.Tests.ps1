# Secrets never reach a stream or a transcript, even with Verbose and Debug on.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emulator = Start-ZiaEmulator
}

AfterAll {
    Stop-ZiaEmulator $emulator
}

Describe 'Secrets stay secret' {
    It 'appears in no stream and no transcript, with Verbose and Debug on' {
        $transcript = Join-Path $TestDrive 'transcript.txt'
        Start-Transcript -Path $transcript | Out-Null
        $captured = & {
            $VerbosePreference = 'Continue'
            $DebugPreference = 'Continue'
            $InformationPreference = 'Continue'

            # API key: login, calls, a dropped session (so a second login), a change, activation, logout.
            $s = Connect-Zia -BaseUri $emulator.BaseUri -Credential $emulator.Credential -ApiKey $emulator.ApiKey -PassThru
            Set-ZiaEmulatorFault $emulator -Kind sessionDropped -Path '/api/v1/orgInformation'
            Get-ZiaOrganization -Session $s
            Set-ZiaAuthenticationSetting -Session $s -SamlAutoProvisioning $true -Activate -Confirm:$false -PassThru
            Disconnect-Zia -Session $s -Confirm:$false

            # OneAPI: token, a forced renewal, and a failed attempt.
            $o = Connect-Zia -BaseUri $emulator.BaseUri -VanityDomain acme -ClientId $emulator.ClientId -ClientSecret $emulator.ClientSecret -PassThru
            Set-ZiaEmulatorFault $emulator -Kind sessionDropped -Path '/zia/api/v1/status'
            Get-ZiaActivationStatus -Session $o
            try { Connect-Zia -BaseUri $emulator.BaseUri -Credential $emulator.Credential -ApiKey (ConvertTo-SecureString ('x' * 12) -AsPlainText -Force) } catch { $_ }

            # The session objects themselves, formatted as a user would see them.
            $s, $o | Format-List * | Out-String
        } *>&1 | Out-String
        Stop-Transcript | Out-Null
        $text = $captured + (Get-Content $transcript -Raw)

        $text | Should -Match 'authenticatedSession'   # the capture did see the calls
        $text | Should -Match 'oauth2/v1/token'
        foreach ($secret in $emulator.Secrets) {
            $text.Contains($secret) | Should -BeFalse -Because 'a password, API key or client secret must never be written'
        }
        $issued = Invoke-ZiaEmulator $emulator 'secrets'
        @($issued.sessionIds).Count + @($issued.accessTokens).Count | Should -BeGreaterThan 2
        foreach ($secret in @($issued.sessionIds) + @($issued.accessTokens) + @($issued.obfuscatedKeys)) {
            $text.Contains($secret) | Should -BeFalse -Because 'session cookies and bearer tokens must never be written'
        }
    }

    It 'hides a token a server echoes into its error: in every string of the ErrorRecord and in the Verbose and Debug lines' {
        Connect-Zia -BaseUri $emulator.BaseUri -Credential $emulator.Credential -ApiKey $emulator.ApiKey | Out-Null
        $scim = Connect-ZiaScim -IdentityProvider 'Entra ID' -PassThru
        $token = Get-ZiaScimBearerToken 'Entra ID' -AsPlainText
        $users = ([uri](Get-ZiaScimBaseUrl 'Entra ID').BaseUrl).AbsolutePath + '/Users'
        # A careless server: its 400 repeats the request's headers, "Authorization: Bearer <token>" among them.
        Set-ZiaEmulatorFault $emulator -Kind echoHeaders -Path $users
        $VerbosePreference = 'Continue'
        $DebugPreference = 'Continue'
        try {
            $captured = Get-ZiaScimUser -Connection $scim -UserName 'nobody@acme.example' -ErrorVariable failed -ErrorAction SilentlyContinue *>&1 | Out-String
        }
        finally {
            $VerbosePreference = 'SilentlyContinue'
            $DebugPreference = 'SilentlyContinue'
        }

        $failed.Count | Should -Be 1
        $err = $failed[0]
        $err.Exception.Message | Should -Match 'Authorization: Bearer \(hidden\)' -Because 'the echo itself is kept, the token hidden'
        $captured | Should -Match 'Request refused'   # the Debug line did show the body
        $strings = ($err | Format-List * -Force | Out-String) + $err.Exception.ToString() + "$($err.TargetObject)" + $err.CategoryInfo.ToString() + "$($err.ErrorDetails)"
        $strings.Contains($token) | Should -BeFalse -Because 'the bearer token must not reach the ErrorRecord'
        $captured.Contains($token) | Should -BeFalse -Because 'nor a Verbose or Debug line'
        Disconnect-ZiaScim -Connection $scim
    }

    It 'keeps secrets out of the session object''s properties' {
        $s = Connect-Zia -BaseUri $emulator.BaseUri -Credential $emulator.Credential -ApiKey $emulator.ApiKey -PassThru
        $dump = $s | ConvertTo-Json -Depth 4 -WarningAction SilentlyContinue
        foreach ($secret in $emulator.Secrets) { $dump.Contains($secret) | Should -BeFalse }
    }

    It 'keeps a private key out of every ErrorRecord and the transcript, whatever parameter it was given to' {
        $rsa = [System.Security.Cryptography.RSA]::Create(2048)
        $pem = $rsa.ExportPkcs8PrivateKeyPem()
        $body = @($pem -split "`n" | Where-Object { $_ -and $_ -notmatch '-----' })
        # Cut short, so that no parameter can use it; every line left is still key material.
        $cut = ($pem -split "`n" | Select-Object -SkipLast 6) -join "`n"
        $bare = $body -join ''
        $secure = ConvertTo-SecureString 'not-a-real-token' -AsPlainText -Force
        $oneApi = @{ BaseUri = $emulator.BaseUri; ClientId = $emulator.ClientId; ClientSecret = $emulator.ClientSecret }
        $apiKey = @{ Credential = $emulator.Credential; ApiKey = $emulator.ApiKey }
        $calls = @(
            { Connect-Zia -BaseUri $emulator.BaseUri -VanityDomain acme -ClientId 'pk-client' -PrivateKeyPath $cut }
            { Connect-Zia -BaseUri $emulator.BaseUri -VanityDomain acme -ClientId 'pk-client' -PrivateKeyPath $bare }
            { Connect-Zia -BaseUri $emulator.BaseUri -VanityDomain acme -ClientId 'pk-client' -PrivateKeyPath "Bag Attributes: x $bare" }
            { Connect-Zia @oneApi -VanityDomain $cut }
            { Connect-Zia @oneApi -VanityDomain $bare }
            { Connect-Zia @oneApi -VanityDomain acme -Cloud $bare }
            { Connect-Zia -BaseUri $emulator.BaseUri -VanityDomain acme -ClientId $cut -ClientSecret $emulator.ClientSecret }
            { Connect-Zia -BaseUri $emulator.BaseUri -VanityDomain acme -ClientId $bare -ClientSecret $emulator.ClientSecret }
            { Connect-Zia @apiKey -Cloud $cut }
            { Connect-Zia @apiKey -BaseUri $bare }
            { Connect-ZiaScim -BaseUrl $bare -BearerToken $secure }
            # Typed parameters: PowerShell's own conversion error would quote the argument.
            { Connect-Zia @apiKey -BaseUri $emulator.BaseUri -TimeoutSec $cut }
            { Connect-Zia @apiKey -BaseUri $emulator.BaseUri -MaxRetry $bare }
            { Connect-Zia -BaseUri $emulator.BaseUri -VanityDomain acme -ClientId 'cert-client' -Certificate $cut }
            { Connect-ZiaScim -BaseUrl "$($emulator.BaseUri)1/2/scim" -BearerToken $secure -RequestsPerSecond $bare }
            { Connect-ZiaScim -IdentityProvider 'Entra ID' -Session $cut }
            { Get-ZiaOrganization -Session $bare }
            { Get-ZiaScimUser -Connection $cut }
        )
        Invoke-ZiaEmulator $emulator 'requests' -Method DELETE | Out-Null
        $transcript = Join-Path $TestDrive 'key-transcript.txt'
        Start-Transcript -Path $transcript | Out-Null
        $records = foreach ($call in $calls) {
            $VerbosePreference = 'Continue'
            try { & $call; throw "no error from $call" } catch { $_ }
        }
        $records | Out-Host   # as a console would show them, into the transcript
        Stop-Transcript | Out-Null

        $records.Count | Should -Be $calls.Count
        foreach ($err in $records) {
            $err.FullyQualifiedErrorId | Should -Match '^((Zia|Scim)[A-Za-z]+|ParameterArgumentTransformationError),' -Because "$($err.Exception.GetType().Name): every failure is a clear error"
            $err.CategoryInfo.Category | Should -BeIn 'InvalidArgument', 'InvalidData', 'ObjectNotFound', 'SecurityError'
            $text = ($err | Format-List * -Force | Out-String) + $err.Exception.ToString() + "$($err.TargetObject)" + $err.CategoryInfo.ToString() + "$($err.ErrorDetails)"
            foreach ($line in $body) {
                $text.Contains($line.Substring(0, 24)) | Should -BeFalse -Because "the error for $($err.InvocationInfo.Line.Trim()) must not repeat the key"
            }
        }
        $logged = Get-Content $transcript -Raw
        foreach ($line in $body) { $logged.Contains($line.Substring(0, 24)) | Should -BeFalse }
        @(Get-ZiaEmulatorRequest $emulator).Count | Should -Be 0
    }
}
