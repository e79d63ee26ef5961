# Entra ID provisioning through Microsoft Graph: sign-in, credentials, validation, job runs, throttling, secrets.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emulator = Start-ZiaEmulator
    Invoke-ZiaEmulator $emulator 'config' -Method PUT -Body @{ rateLimits = $false } | Out-Null
    Connect-TestZia $emulator | Out-Null

    $graph = @{ GraphEndpoint = $emulator.GraphEndpoint }
    $secretSignIn = @{
        TenantId = $emulator.EntraTenantId; ClientId = $emulator.EntraClientId; ClientSecret = $emulator.EntraClientSecret
        GraphEndpoint = $emulator.GraphEndpoint; LoginEndpoint = $emulator.LoginEndpoint
    }
    $app = $emulator.EntraServicePrincipal
    $appId = $emulator.EntraServicePrincipalId
    $entraIdp = Get-ZiaIdentityProvider 'Entra ID'

    function Plain([securestring] $s) { [System.Net.NetworkCredential]::new('', $s).Password }
    function Get-EntraApp([string] $Id = $appId) { (Invoke-ZiaEmulator $emulator 'entra/state').servicePrincipals | Where-Object id -eq $Id }
    function Get-StoredSecret([string] $Key, [string] $Id = $appId) { ((Get-EntraApp $Id).secrets | Where-Object key -eq $Key).value }
    function Get-ServerUsers([long] $IdpId) { @(Invoke-ZiaEmulator $emulator "scim/$IdpId/users") }
    function Wait-JobRun([int] $Runs, [string] $Id = $appId) {
        # Entra runs a job in the background; wait until the emulator finished run number $Runs.
        $deadline = [datetime]::UtcNow.AddSeconds(20)
        while ([datetime]::UtcNow -lt $deadline) {
            $job = (Get-EntraApp $Id).jobs[0]
            if ($job.runsCompleted -ge $Runs) { return }
            Start-Sleep -Milliseconds 200
        }
        throw "The job did not finish run $Runs."
    }
    function Get-Runs { [int](Get-EntraApp).jobs[0].runsCompleted }
    function New-GraphToken {
        # What Get-AzAccessToken -AsSecureString gives: a token for Graph, got outside the module
        # (quietly: Invoke-RestMethod's own Debug output shows the answer's body).
        $DebugPreference = 'SilentlyContinue'
        $VerbosePreference = 'SilentlyContinue'
        $body = @{
            grant_type = 'client_credentials'; client_id = $emulator.EntraClientId; client_secret = (Plain $emulator.EntraClientSecret)
            scope = 'https://graph.microsoft.com/.default'
        }
        $answer = Invoke-RestMethod -Method Post -Uri "$($emulator.LoginEndpoint.ToString().TrimEnd('/'))/$($emulator.EntraTenantId)/oauth2/v2.0/token" -Body $body
        ConvertTo-SecureString $answer.access_token -AsPlainText -Force
    }
}

AfterAll {
    Stop-ZiaEmulator $emulator
}

Describe 'Signing in to Microsoft Graph' {
    It 'reads the provisioning job with a client secret, by display name' {
        $job = Get-ZiaScimEntraProvisioning $app @secretSignIn
        $job | Should -BeOfType ZscalerScim.ZiaScimEntraProvisioning
        $job.ServicePrincipalId | Should -Be $appId
        $job.DisplayName | Should -Be $app
        $job.JobId | Should -Be $emulator.EntraJobId
        $job.TemplateId | Should -Be 'zscalertwo'
        $job.Status | Should -Be 'NotConfigured'
        $job.LastRunState | Should -BeNullOrEmpty
    }

    It 'signs in with an access token the caller has, and finds the application by object id' {
        $job = Get-ZiaScimEntraProvisioning -ServicePrincipal $appId -GraphAccessToken (New-GraphToken) @graph
        $job.DisplayName | Should -Be $app
    }

    It 'signs in with a certificate whose key signs the client assertion' {
        $rsa = [System.Security.Cryptography.RSA]::Create(2048)
        $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=ZscalerScim provisioning', $rsa, 'SHA256', [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
        $cert = $request.CreateSelfSigned([datetimeoffset]::UtcNow.AddDays(-1), [datetimeoffset]::UtcNow.AddDays(30))
        $certSignIn = @{ TenantId = $emulator.EntraTenantId; ClientId = $emulator.EntraClientId; Certificate = $cert; LoginEndpoint = $emulator.LoginEndpoint } + $graph

        # Not yet uploaded to the app registration: Entra refuses the assertion.
        { Get-ZiaScimEntraProvisioning $app @certSignIn } | Should -Throw -ErrorId 'EntraSignInFailed,ZscalerScim.Commands.GetZiaScimEntraProvisioningCommand'

        Invoke-ZiaEmulator $emulator 'entra/certificates' -Method POST -Body @{ certificate = [Convert]::ToBase64String($cert.RawData) } | Out-Null
        (Get-ZiaScimEntraProvisioning $app @certSignIn).JobId | Should -Be $emulator.EntraJobId
    }

    It 'signs in as the Automation account''s managed identity from IDENTITY_ENDPOINT and IDENTITY_HEADER' {
        $env:IDENTITY_ENDPOINT = $emulator.IdentityEndpoint
        $env:IDENTITY_HEADER = Plain $emulator.IdentityHeader
        try {
            (Get-ZiaScimEntraProvisioning $app -ManagedIdentity @graph).JobId | Should -Be $emulator.EntraJobId
            (Get-ZiaScimEntraProvisioning $app -ManagedIdentity -ManagedIdentityClientId $emulator.ManagedIdentityClientId @graph).JobId | Should -Be $emulator.EntraJobId
            { Get-ZiaScimEntraProvisioning $app -ManagedIdentity -ManagedIdentityClientId ([guid]::NewGuid()) @graph } |
                Should -Throw -ErrorId 'EntraSignInFailed,ZscalerScim.Commands.GetZiaScimEntraProvisioningCommand'
            $env:IDENTITY_HEADER = 'wrong'
            { Get-ZiaScimEntraProvisioning $app -ManagedIdentity @graph } | Should -Throw -ErrorId 'EntraSignInFailed,ZscalerScim.Commands.GetZiaScimEntraProvisioningCommand'
        }
        finally {
            Remove-Item Env:IDENTITY_ENDPOINT, Env:IDENTITY_HEADER -ErrorAction SilentlyContinue
        }
        # Outside a sandbox with a managed identity, the error says what is missing.
        { Get-ZiaScimEntraProvisioning $app -ManagedIdentity @graph } | Should -Throw -ErrorId 'EntraManagedIdentityUnavailable,ZscalerScim.Commands.GetZiaScimEntraProvisioningCommand'
    }

    It 'stops with a clear error on a wrong client secret' {
        $wrong = $secretSignIn.Clone()
        $wrong.ClientSecret = ConvertTo-SecureString 'not-the-secret' -AsPlainText -Force
        { Get-ZiaScimEntraProvisioning $app @wrong } | Should -Throw -ErrorId 'EntraSignInFailed,ZscalerScim.Commands.GetZiaScimEntraProvisioningCommand'
        $err = $null
        try { Get-ZiaScimEntraProvisioning $app @wrong } catch { $err = $_ }
        $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $err.Exception.Message | Should -Match 'AADSTS7000215'
        $err.Exception.Message | Should -Match 'client secret'
    }

    It 'refuses plain http to another machine before sending anything' {
        { Get-ZiaScimEntraProvisioning $app @secretSignIn -GraphEndpoint 'http://graph.example.com' } |
            Should -Throw -ErrorId 'EntraInsecureEndpoint,ZscalerScim.Commands.GetZiaScimEntraProvisioningCommand'
    }

    It 'renews an expired token once and repeats the call' {
        Invoke-ZiaEmulator $emulator 'entra/config' -Method PUT -Body @{ tokenLifetimeSeconds = 3599 } | Out-Null
        $env:IDENTITY_ENDPOINT = $emulator.IdentityEndpoint
        $env:IDENTITY_HEADER = Plain $emulator.IdentityHeader
        try {
            # Two service principals are read in one command: the token expires after the first.
            $verbose = @('Zscaler Two', $appId) | ForEach-Object -Begin { $n = 0 } -Process {
                if ($n++ -eq 1) { Invoke-ZiaEmulator $emulator 'entra/tokens/expire' -Method POST | Out-Null }
                $_
            } | Get-ZiaScimEntraProvisioning -ManagedIdentity @graph -Verbose 4>&1
        }
        finally {
            Remove-Item Env:IDENTITY_ENDPOINT, Env:IDENTITY_HEADER -ErrorAction SilentlyContinue
        }
        @($verbose | Where-Object { $_ -is [ZscalerScim.ZiaScimEntraProvisioning] }).Count | Should -Be 2
        ($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | Out-String) | Should -Match 'signed in again'
    }

    It 'says how to get a new token when Graph no longer accepts the one given' {
        $token = New-GraphToken
        Invoke-ZiaEmulator $emulator 'entra/tokens/expire' -Method POST | Out-Null
        $err = $null
        Get-ZiaScimEntraProvisioning $app -GraphAccessToken $token @graph -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'EntraUnauthorized,ZscalerScim.Commands.GetZiaScimEntraProvisioningCommand'
        $err[0].Exception.Message | Should -Match 'Get-AzAccessToken'
    }

    It 'names every application that matches an ambiguous display name' {
        $one = Invoke-ZiaEmulator $emulator 'entra/servicePrincipals' -Method POST -Body @{ displayName = 'Zscaler Beta' }
        $two = Invoke-ZiaEmulator $emulator 'entra/servicePrincipals' -Method POST -Body @{ displayName = 'Zscaler Beta' }
        $err = $null
        Get-ZiaScimEntraProvisioning 'Zscaler Beta' @secretSignIn -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'EntraServicePrincipalAmbiguous,ZscalerScim.Commands.GetZiaScimEntraProvisioningCommand'
        $err[0].Exception.Message | Should -Match $one.id
        $err[0].Exception.Message | Should -Match $two.id
        (Get-ZiaScimEntraProvisioning $one.id @secretSignIn).ServicePrincipalId | Should -Be $one.id

        Get-ZiaScimEntraProvisioning 'No Such App' @secretSignIn -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'EntraServicePrincipalNotFound,ZscalerScim.Commands.GetZiaScimEntraProvisioningCommand'
    }
}

Describe 'Set-ZiaScimEntraProvisioning' {
    It 'writes a base URL and bearer token given as parameters, only those two keys, and keeps the job''s other settings' {
        $url = [uri]"$($emulator.BaseUri.GetLeftPart('Authority'))/$($emulator.OrgId)/$($entraIdp.Id)/scim"
        $token = Get-ZiaScimBearerToken -IdentityProvider 'Entra ID'
        $result = Set-ZiaScimEntraProvisioning -ServicePrincipal $app -BaseUrl $url -BearerToken $token @secretSignIn -Confirm:$false -PassThru -WarningVariable warned
        $result.Status | Should -Be 'NotRun'
        Get-StoredSecret BaseAddress | Should -Be "$url"
        Get-StoredSecret SecretToken | Should -Be (Plain $token)
        Get-StoredSecret SyncNotificationSettings | Should -Match 'DeleteThresholdEnabled'
        $warned | Should -BeNullOrEmpty
    }

    It 'takes the application and job from a piped Get-ZiaScimEntraProvisioning' {
        $token = Get-ZiaScimBearerToken -IdentityProvider 'Entra ID'
        $url = "$($emulator.BaseUri.GetLeftPart('Authority'))/$($emulator.OrgId)/$($entraIdp.Id)/scim"
        $result = Get-ZiaScimEntraProvisioning $app @secretSignIn | Set-ZiaScimEntraProvisioning -BaseUrl $url -BearerToken $token -Validate @secretSignIn -Confirm:$false -PassThru
        $result.JobId | Should -Be $emulator.EntraJobId
        Get-StoredSecret SecretToken | Should -Be (Plain $token)
    }

    It 'asks for -JobId when the application has several jobs, and writes nothing until given one' {
        $two = Invoke-ZiaEmulator $emulator 'entra/servicePrincipals' -Method POST -Body @{ displayName = 'Zscaler Two Jobs'; jobs = 2 }
        $set = @{ ServicePrincipal = $two.id; BaseUrl = 'https://scim.zscalertwo.net/1/2/scim'; BearerToken = (ConvertTo-SecureString 'tok' -AsPlainText -Force); Confirm = $false }
        $err = $null
        Set-ZiaScimEntraProvisioning @set @secretSignIn -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'EntraProvisioningJobAmbiguous,ZscalerScim.Commands.SetZiaScimEntraProvisioningCommand'
        foreach ($id in $two.jobIds) { $err[0].Exception.Message | Should -Match ([regex]::Escape($id)) }
        @((Get-EntraApp $two.id).secrets).Count | Should -Be 0

        (Set-ZiaScimEntraProvisioning @set -JobId $two.jobIds[1] @secretSignIn -PassThru).JobId | Should -Be $two.jobIds[1]
        Get-StoredSecret BaseAddress $two.id | Should -Be 'https://scim.zscalertwo.net/1/2/scim'
    }

    It 'changes nothing under -WhatIf' {
        $before = Get-StoredSecret SecretToken
        Set-ZiaScimEntraProvisioning $app -BaseUrl 'https://scim.zscalertwo.net/1/2/scim' -BearerToken (ConvertTo-SecureString 'other' -AsPlainText -Force) @secretSignIn -WhatIf
        Get-StoredSecret SecretToken | Should -Be $before
    }

    It 'asks for exactly one source of the URL and token' {
        { Set-ZiaScimEntraProvisioning $app -IdentityProvider 'Entra ID' -BaseUrl 'https://scim.zscalertwo.net/1/2/scim' @secretSignIn -Confirm:$false } |
            Should -Throw -ErrorId 'EntraCredentialSourceRequired,ZscalerScim.Commands.SetZiaScimEntraProvisioningCommand'
        { Set-ZiaScimEntraProvisioning $app -BaseUrl 'https://scim.zscalertwo.net/1/2/scim' @secretSignIn -Confirm:$false } |
            Should -Throw -ErrorId 'EntraCredentialSourceRequired,ZscalerScim.Commands.SetZiaScimEntraProvisioningCommand'
    }

    It 'reads the URL and token from the identity provider, starts the job, and the assigned users arrive at the ZIA SCIM server' {
        Invoke-ZiaEmulator $emulator 'entra/users' -Method POST -Body @{ userPrincipalName = 'new.hire@acme.example'; displayName = 'New Hire'; givenName = 'New'; surname = 'Hire' } | Out-Null
        $runs = Get-Runs
        Get-ZiaScimBaseUrl 'Entra ID' | Set-ZiaScimEntraProvisioning -ServicePrincipal $app -Validate -StartJob @secretSignIn -Confirm:$false -InformationVariable said
        ($said | Out-String) | Should -Match 'accepted'
        Wait-JobRun ($runs + 1)

        $users = (Get-ServerUsers $entraIdp.Id).userName
        $users | Should -Contain 'adele.vance@acme.example'
        $users | Should -Contain 'megan.bowen@acme.example'
        $users | Should -Contain 'new.hire@acme.example'
        $job = Get-ZiaScimEntraProvisioning $app @secretSignIn
        $job.Status | Should -Be 'Active'
        $job.LastRunState | Should -Be 'Succeeded'
        $job.CountEntitled | Should -Be 4
        $job.LastSuccessfulRun | Should -Not -BeNullOrEmpty
    }

    It 'reports Entra''s failed test of a token not yet activated in ZIA, and succeeds once it is activated' {
        Enable-ZiaScimProvisioning -IdentityProvider Okta -Confirm:$false
        New-ZiaScimBearerToken -IdentityProvider Okta -Activate -Confirm:$false 3>$null | Out-Null
        # A new token, saved but not activated: ZIA still accepts only the old one.
        New-ZiaScimBearerToken -IdentityProvider Okta -Confirm:$false 3>$null | Out-Null
        $err = $null
        Set-ZiaScimEntraProvisioning $app -IdentityProvider Okta -Validate -StartJob @secretSignIn -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'EntraCredentialsRejected,ZscalerScim.Commands.SetZiaScimEntraProvisioningCommand'
        $err[0].Exception.Message | Should -Match '401'
        $err[0].Exception.Message | Should -Match 'Publish-ZiaChange'
        $err[0].Exception.Message | Should -Match 'holds the new URL and token'
        $err[0].Exception.Message | Should -Match 'not started'

        Publish-ZiaChange -Confirm:$false
        Set-ZiaScimEntraProvisioning $app -IdentityProvider Okta -Validate @secretSignIn -Confirm:$false -ErrorVariable err
        $err | Should -BeNullOrEmpty
        Get-StoredSecret SecretToken | Should -Be (Get-ZiaScimBearerToken -IdentityProvider Okta -AsPlainText)
    }

    It 'shows a job whose token stopped working in quarantine, and a new -StartJob starts it (start clears a quarantine), never a reset' {
        $runs = Get-Runs
        Set-ZiaScimEntraProvisioning $app -IdentityProvider 'Entra ID' -StartJob @secretSignIn -Confirm:$false
        Wait-JobRun ($runs + 1)
        # The token in Entra is replaced in ZIA: the next scheduled cycle fails and Entra quarantines the job.
        New-ZiaScimBearerToken -IdentityProvider 'Entra ID' -Activate -Confirm:$false 3>$null | Out-Null
        Invoke-ZiaEmulator $emulator 'entra/jobs/run' -Method POST | Out-Null
        $job = Get-ZiaScimEntraProvisioning $app @secretSignIn
        $job.Status | Should -Be 'Quarantine'
        $job.QuarantineReason | Should -Be 'EncounteredQuarantineException'
        $job.QuarantineSince | Should -Not -BeNullOrEmpty
        $job.LastRunState | Should -Be 'Failed'
        $job.LastRunError | Should -Match '401'

        $runs = Get-Runs
        $restarted = Set-ZiaScimEntraProvisioning $app -IdentityProvider 'Entra ID' -Validate -StartJob -PassThru @secretSignIn -Confirm:$false
        $restarted.QuarantineReason | Should -BeNullOrEmpty
        Wait-JobRun ($runs + 1)
        (Get-ZiaScimEntraProvisioning $app @secretSignIn).Status | Should -Be 'Active'
        @(Get-ZiaEmulatorRequest $emulator -Path "/v1.0/servicePrincipals/$appId/synchronization/jobs/*/restart").Count | Should -Be 0
        @(Get-ZiaEmulatorRequest $emulator -Path "/v1.0/servicePrincipals/$appId/synchronization/jobs/*/start").Count | Should -BeGreaterThan 0
    }

    It 'never releases a job quarantined for too many deletes on -StartJob, reports what it holds back, and releases it only on -ReleaseDeleteQuarantine' {
        # An application of its own, with a deletion threshold of 1, that has exported two users who are then unassigned.
        $own = Invoke-ZiaEmulator $emulator 'entra/servicePrincipals' -Method POST -Body @{ displayName = 'Zscaler Deletes' }
        $token = Plain (New-GraphToken)
        $settings = '{"Enabled":true,"Recipients":"it-alerts@acme.example","DeleteThresholdEnabled":true,"DeleteThresholdValue":1}'
        Invoke-RestMethod -Method Put -Uri "$($emulator.GraphEndpoint.ToString().TrimEnd('/'))/v1.0/servicePrincipals/$($own.id)/synchronization/secrets" `
            -Headers @{ Authorization = "Bearer $token" } -ContentType 'application/json' `
            -Body (@{ value = @(@{ key = 'SyncNotificationSettings'; value = $settings }) } | ConvertTo-Json -Depth 4) | Out-Null
        $leavers = 'leaver.one@acme.example', 'leaver.two@acme.example'
        foreach ($upn in $leavers) { Invoke-ZiaEmulator $emulator 'entra/users' -Method POST -Body @{ userPrincipalName = $upn; displayName = $upn } | Out-Null }
        function Get-OwnJob { (Get-EntraApp $own.id).jobs[0] }
        function Wait-OwnRun([int] $Runs) {
            $deadline = [datetime]::UtcNow.AddSeconds(20)
            while ((Get-OwnJob).runsCompleted -lt $Runs) {
                if ([datetime]::UtcNow -gt $deadline) { throw "The job did not finish run $Runs." }
                Start-Sleep -Milliseconds 200
            }
        }
        Set-ZiaScimEntraProvisioning $own.id -IdentityProvider 'Entra ID' -StartJob @secretSignIn -Confirm:$false
        Wait-OwnRun 1
        foreach ($upn in $leavers) { Invoke-ZiaEmulator $emulator "entra/users/$upn" -Method DELETE | Out-Null }
        Invoke-ZiaEmulator $emulator 'entra/jobs/run' -Method POST | Out-Null
        function Get-Active([string] $UserName) { (Get-ServerUsers $entraIdp.Id | Where-Object userName -eq $UserName).active }

        $held = Get-ZiaScimEntraProvisioning $own.id @secretSignIn
        $held.Status | Should -Be 'Quarantine'
        $held.QuarantineReason | Should -Be 'TooManyDeletes'
        $held.CountEscrowed | Should -Be 2
        $held.QuarantineSince | Should -Not -BeNullOrEmpty
        $held.QuarantineMessage | Should -Match 'threshold'

        Invoke-ZiaEmulator $emulator 'requests' -Method DELETE | Out-Null
        $failed = $null
        Set-ZiaScimEntraProvisioning $own.id -IdentityProvider 'Entra ID' -StartJob @secretSignIn -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -Be 'EntraDeletesHeld,ZscalerScim.Commands.SetZiaScimEntraProvisioningCommand'
        $failed[0].TargetObject | Should -Match 'Zscaler Deletes'
        $failed[0].Exception.Message | Should -Match 'not started'
        $failed[0].Exception.Message | Should -Match '2 held back'
        $failed[0].Exception.Message | Should -Match '-ReleaseDeleteQuarantine'
        @(Get-ZiaEmulatorRequest $emulator -Path "/v1.0/servicePrincipals/$($own.id)/synchronization/jobs/*/st*").Count | Should -Be 0
        @(Get-ZiaEmulatorRequest $emulator -Path "/v1.0/servicePrincipals/$($own.id)/synchronization/jobs/*/restart").Count | Should -Be 0
        (Get-OwnJob).status.quarantine.reason | Should -Be 'TooManyDeletes'
        foreach ($upn in $leavers) { Get-Active $upn | Should -BeTrue -Because 'the held-back deletions must not run' }

        $runs = (Get-OwnJob).runsCompleted
        Set-ZiaScimEntraProvisioning $own.id -IdentityProvider 'Entra ID' -ReleaseDeleteQuarantine @secretSignIn -Confirm:$false -WarningVariable released 3>$null
        ($released | Out-String) | Should -Match 'ForceDeletes'
        Wait-OwnRun ($runs + 1)
        foreach ($upn in $leavers) { Get-Active $upn | Should -BeFalse -Because 'the admin released the held-back deletions' }
        (Get-ZiaScimEntraProvisioning $own.id @secretSignIn).Status | Should -Be 'Active'
    }

    It 'waits out Graph''s 429 for as long as Retry-After says' {
        Set-ZiaEmulatorFault $emulator -Kind rateLimit -Path "/v1.0/servicePrincipals/$appId/synchronization/jobs" -Count 2 -RetryAfterSeconds 1
        Invoke-ZiaEmulator $emulator 'requests' -Method DELETE | Out-Null
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $job = Get-ZiaScimEntraProvisioning $appId @secretSignIn -Verbose 4>&1 | Where-Object { $_ -is [ZscalerScim.ZiaScimEntraProvisioning] }
        $watch.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 1.9
        $job.JobId | Should -Be $emulator.EntraJobId
        @(Get-ZiaEmulatorRequest $emulator -Path "/v1.0/servicePrincipals/$appId/synchronization/jobs").status | Should -Be @(429, 429, 200)
    }

    It 'says that nothing was changed when the key list cannot be read before the write' {
        $before = Get-StoredSecret BaseAddress
        Invoke-ZiaEmulator $emulator 'requests' -Method DELETE | Out-Null
        Set-ZiaEmulatorFault $emulator -Kind unavailable -Method GET -Path "/v1.0/servicePrincipals/$appId/synchronization/secrets" -Count 10
        try {
            Set-ZiaScimEntraProvisioning $app -IdentityProvider 'Entra ID' @secretSignIn -MaxRetry 0 -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue
        }
        finally { Invoke-ZiaEmulator $emulator 'faults' -Method DELETE | Out-Null }
        "$($failed[0])" | Should -Match '^Nothing was changed: Entra ID still holds its previous URL and token\.'
        @(Get-ZiaEmulatorRequest $emulator -Path "/v1.0/servicePrincipals/$appId/synchronization/secrets" | Where-Object method -eq PUT).Count | Should -Be 0
        Get-StoredSecret BaseAddress | Should -Be $before
    }

    It 'warns when the write removed other keys of the job (the deletion threshold and notification settings)' {
        Invoke-ZiaEmulator $emulator 'entra/config' -Method PUT -Body @{ secretsPutReplaces = $true } | Out-Null
        try {
            Set-ZiaScimEntraProvisioning $app -IdentityProvider 'Entra ID' @secretSignIn -Confirm:$false -WarningVariable warned 3>$null
        }
        finally {
            Invoke-ZiaEmulator $emulator 'entra/config' -Method PUT -Body @{ secretsPutReplaces = $false } | Out-Null
        }
        ($warned | Out-String) | Should -Match 'SyncNotificationSettings'
        ($warned | Out-String) | Should -Match 'deletions threshold'
        Get-StoredSecret SyncNotificationSettings | Should -BeNullOrEmpty
    }
}

Describe 'Reading a job''s status' {
    It 'dates a quarantine from when Entra first imposed it, not from its last re-evaluation' {
        $other = Invoke-ZiaEmulator $emulator 'entra/servicePrincipals' -Method POST -Body @{ displayName = 'Zscaler Quarantined' }
        $url = [uri]"$($emulator.BaseUri.GetLeftPart('Authority'))/$($emulator.OrgId)/$($entraIdp.Id)/scim"
        $wrong = ConvertTo-SecureString 'not-the-token-zia-holds' -AsPlainText -Force
        Set-ZiaScimEntraProvisioning $other.id -BaseUrl $url -BearerToken $wrong -StartJob @secretSignIn -Confirm:$false
        Wait-JobRun 1 $other.id
        $first = Get-ZiaScimEntraProvisioning $other.id @secretSignIn
        $first.Status | Should -Be 'Quarantine'

        # The next scheduled cycle is refused again: Entra re-evaluates the quarantine (currentBegan moves, seriesBegan stays).
        Invoke-ZiaEmulator $emulator 'entra/jobs/run' -Method POST | Out-Null
        (Get-EntraApp $other.id).jobs[0].status.quarantine.seriesCount | Should -Be 1
        $second = Get-ZiaScimEntraProvisioning $other.id @secretSignIn
        $second.QuarantineSince | Should -Be $first.QuarantineSince
        $second.QuarantineSince | Should -BeLessThan $second.LastRunStarted
    }
}

Describe 'Secrets' {
    It 'writes no client secret, Graph token or SCIM bearer token to any stream or the transcript' {
        $transcript = Join-Path ([IO.Path]::GetTempPath()) "entra-$([guid]::NewGuid()).txt"
        Start-Transcript -Path $transcript | Out-Null
        $captured = & {
            $VerbosePreference = 'Continue'
            $DebugPreference = 'Continue'
            $InformationPreference = 'Continue'
            $env:IDENTITY_ENDPOINT = $emulator.IdentityEndpoint
            $env:IDENTITY_HEADER = Plain $emulator.IdentityHeader
            try {
                Set-ZiaScimEntraProvisioning $app -IdentityProvider 'Entra ID' -Validate -StartJob -PassThru @secretSignIn -Confirm:$false | Format-List * | Out-String
                Set-ZiaScimEntraProvisioning $app -BaseUrl "$($emulator.BaseUri.GetLeftPart('Authority'))/$($emulator.OrgId)/$($entraIdp.Id)/scim" `
                    -BearerToken (Get-ZiaScimBearerToken 'Entra ID') -ManagedIdentity @graph -Validate -Confirm:$false
                Get-ZiaScimEntraProvisioning $app -GraphAccessToken (New-GraphToken) @graph | Format-List * | Out-String
                $wrong = $secretSignIn.Clone()
                $wrong.ClientSecret = ConvertTo-SecureString 'not-the-secret' -AsPlainText -Force
                try { Get-ZiaScimEntraProvisioning $app @wrong } catch { $_ | Format-List * -Force | Out-String }
            }
            finally {
                Remove-Item Env:IDENTITY_ENDPOINT, Env:IDENTITY_HEADER -ErrorAction SilentlyContinue
            }
        } *>&1 | Out-String
        Stop-Transcript | Out-Null
        $text = $captured + (Get-Content $transcript -Raw)
        Remove-Item $transcript

        $text | Should -Match 'synchronization/secrets'   # the capture did see the write
        $text | Should -Match 'SecretToken'
        $text | Should -Match '\(hidden\)'
        $bearer = Get-ZiaScimBearerToken 'Entra ID' -AsPlainText
        $text.Contains($bearer) | Should -BeFalse -Because 'the SCIM bearer token must never be written'
        foreach ($secret in $emulator.Secrets) {
            $text.Contains($secret) | Should -BeFalse -Because 'a client secret, identity header or password must never be written'
        }
        $tokens = @((Invoke-ZiaEmulator $emulator 'entra/state').accessTokens)
        $tokens.Count | Should -BeGreaterThan 2
        foreach ($token in $tokens) {
            $text.Contains($token) | Should -BeFalse -Because 'Graph access tokens must never be written'
        }
    }
}
