# ZIdentity tenants: the server kind from the base URL, ZIdentity's rate and forms, its dynamic groups, the users
# without a ZIA service entitlement, and the ZIA-side guard of the IdP commands (issue 15).
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emulator = Start-ZiaEmulator
    $apiKeySession = Connect-TestZia $emulator
    $okta = Get-ZiaIdentityProvider 'Okta'
    $entra = Get-ZiaIdentityProvider 'Entra ID'

    function Set-Tenant([hashtable] $Body) { Invoke-ZiaEmulator $emulator 'zidentity' -Method PUT -Body $Body | Out-Null }
    function Clear-Requests { Invoke-ZiaEmulator $emulator 'requests' -Method DELETE | Out-Null }
    function Get-ZIdentityRequests { @(Get-ZiaEmulatorRequest $emulator -Path '/scim/*') }
    function Get-ZIdentityUsers { @(Invoke-ZiaEmulator $emulator 'zidentity/scim/users') }
    # The error a command ends with, or writes first; $null when it succeeds.
    function Get-Failure([scriptblock] $Script) {
        try { & $Script | Out-Null; $null } catch { $_ }
    }
    function New-Row([int] $n, [string] $DisplayName = "User $n") {
        [pscustomobject]@{ userName = "zid$n@acme.example"; displayName = $DisplayName; givenName = "Given$n"; familyName = "Family$n"; email = "zid$n@acme.example" }
    }
    $zidentityUrl = $emulator.ZIdentityScimUrl
    Set-Tenant @{ mode = 'zidentityAdmins' }
}

AfterAll {
    Stop-ZiaEmulator $emulator
}

Describe 'The server kind, from the base URL''s form' {
    It 'recognises ZIA''s /orgId/idpId/scim on loopback as ZIA and connects at 5 requests a second' {
        $c = Connect-ZiaScim -IdentityProvider $entra -PassThru
        $c.Kind | Should -Be 'Zia'
        $c.RequestsPerSecond | Should -Be 5
    }

    It 'recognises the deprecated /orgId/scim as ZIA' {
        $c = Connect-ZiaScim -BaseUrl "$($emulator.BaseUri)$($emulator.OrgId)/scim" -BearerToken $emulator.ZIdentityScimToken -PassThru
        $c.Kind | Should -Be 'Zia'
        $c.RequestsPerSecond | Should -Be 5
    }

    It 'recognises ZIdentity''s /scim/id on loopback as ZIdentity and connects at its 50 a second' {
        $c = Connect-ZiaScim -BaseUrl $zidentityUrl -BearerToken $emulator.ZIdentityScimToken -PassThru
        $c.Kind | Should -Be 'ZIdentity'
        $c.RequestsPerSecond | Should -Be 50
        (Get-ZiaScimConnection | Select-Object -First 1).Kind | Should -Be 'ZIdentity'
    }

    It 'keeps -RequestsPerSecond over the kind''s default' {
        (Connect-ZiaScim -BaseUrl $zidentityUrl -BearerToken $emulator.ZIdentityScimToken -RequestsPerSecond 20 -PassThru).RequestsPerSecond | Should -Be 20
    }

    It 'calls a URL of neither form Unknown, at ZIA''s safe rate' {
        $c = Connect-ZiaScim -BaseUrl "$($emulator.BaseUri)v2/scim" -BearerToken $emulator.ZIdentityScimToken -PassThru
        $c.Kind | Should -Be 'Unknown'
        $c.RequestsPerSecond | Should -Be 5
    }

    It 'Test-ZiaScimConnection says it reached ZIdentity''s SCIM server, which has no Bulk' {
        $c = Connect-ZiaScim -BaseUrl $zidentityUrl -BearerToken $emulator.ZIdentityScimToken -PassThru
        $test = Test-ZiaScimConnection -Connection $c
        $test.Kind | Should -Be 'ZIdentity'
        $test.Authenticated | Should -BeTrue
        $test.SupportsBulk | Should -BeFalse
        $test.Message | Should -Match "ZIdentity's SCIM server \(50 requests a second\)"
    }

    It 'ZIdentity''s server answers discovery without a token, and offers no Bulk' {
        $config = Invoke-RestMethod -Uri "$zidentityUrl/ServiceProviderConfig"
        $config.bulk.supported | Should -BeFalse
        $config.documentationUri | Should -BeLike '*/zidentity/*'
        { Invoke-RestMethod -Uri "$zidentityUrl/Users" } | Should -Throw '*401*'
    }

    It 'Test-ZiaScimConnection tells where to copy a ZIdentity token from when it is refused' {
        $wrong = ConvertTo-SecureString 'not-the-token' -AsPlainText -Force
        $test = Test-ZiaScimConnection -Connection (Connect-ZiaScim -BaseUrl $zidentityUrl -BearerToken $wrong -PassThru)
        $test.Authenticated | Should -BeFalse
        $test.StatusCode | Should -Be 401
        $test.Message | Should -Match 'Integration > External Identities'
    }
}

Describe 'Sync-ZiaScimUser to ZIdentity' {
    BeforeAll {
        $conn = Connect-ZiaScim -BaseUrl $zidentityUrl -BearerToken $emulator.ZIdentityScimToken -PassThru
    }

    It 'creates users under ZIdentity''s ids and keeps ZIdentity''s extension when it changes them' {
        $token = [System.Net.NetworkCredential]::new('', $emulator.ZIdentityScimToken).Password
        # A user ZIdentity already holds, with its own extension.
        $body = @{
            schemas = @('urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:zscaler:1.0:User')
            userName = 'zid1@acme.example'; displayName = 'User 1'
            'urn:ietf:params:scim:schemas:extension:zscaler:1.0:User' = @{ city = 'Newyork' }
        } | ConvertTo-Json -Depth 5
        $null = Invoke-RestMethod -Method POST -Uri "$zidentityUrl/Users" -Body $body -ContentType 'application/scim+json' -Headers @{ Authorization = "Bearer $token" }

        Clear-Requests
        $results = @(New-Row 1 'User One (renamed)'; New-Row 2) | Sync-ZiaScimUser -Connection $conn -Confirm:$false
        ($results | Where-Object UserName -eq 'zid1@acme.example').Action | Should -Be 'Updated'
        ($results | Where-Object UserName -eq 'zid2@acme.example').Action | Should -Be 'Created'
        ($results | Where-Object UserName -eq 'zid2@acme.example').Id | Should -Match '^[a-z0-9]{13}$'

        $held = Get-ZIdentityUsers | Where-Object userName -eq 'zid1@acme.example'
        $held.displayName | Should -Be 'User One (renamed)'
        $held.'urn:ietf:params:scim:schemas:extension:zscaler:1.0:User'.city | Should -Be 'Newyork'
        $held.schemas | Should -Contain 'urn:ietf:params:scim:schemas:extension:zscaler:1.0:User'
        (Get-ZIdentityRequests).method | Should -Not -Contain 'PUT'
        (Get-ZIdentityRequests).path | Should -Not -Contain "$($zidentityUrl.AbsolutePath)/Bulk"
    }
}

Describe 'ZIdentity''s dynamic groups' {
    BeforeAll {
        $conn = Connect-ZiaScim -BaseUrl $zidentityUrl -BearerToken $emulator.ZIdentityScimToken -PassThru
        @(New-Row 11; New-Row 12) | Sync-ZiaScimUser -Connection $conn -Confirm:$false | Out-Null
        function Get-GroupWrites { @(Get-ZIdentityRequests | Where-Object { $_.method -ne 'GET' -and $_.path -like '*/Groups*' }) }
    }

    It 'shows them as managed by ZIdentity' {
        $groups = Get-ZiaScimGroup -Connection $conn
        ($groups | Where-Object DisplayName -eq 'Dynamic Group Registered Domains').IsManagedByZIdentity | Should -BeTrue
        ($groups | Where-Object DisplayName -eq 'Zscaler Global Administrators').IsManagedByZIdentity | Should -BeTrue
    }

    It 'Sync-ZiaScimGroup never changes one that the input names, and says why' {
        Clear-Requests
        $rows = @(
            [pscustomobject]@{ DisplayName = 'Zscaler Global Administrators'; Members = 'zid11@acme.example' }
            [pscustomobject]@{ DisplayName = 'Sales'; Members = 'zid11@acme.example;zid12@acme.example' }
        )
        $results = $rows | Sync-ZiaScimGroup -Connection $conn -Confirm:$false -ErrorAction SilentlyContinue
        $dynamic = $results | Where-Object DisplayName -eq 'Zscaler Global Administrators'
        $dynamic.Action | Should -Be 'Failed'
        $dynamic.Error | Should -Match 'ZIdentity manages itself'
        @($dynamic.MembersAdded).Count | Should -Be 0
        ($results | Where-Object DisplayName -eq 'Sales').Action | Should -Be 'Created'
        @(Get-GroupWrites).Count | Should -Be 1 -Because 'only the POST that creates Sales was sent'
    }

    It 'Sync-ZiaScimGroup -Deprovision Delete leaves them alone' {
        Clear-Requests
        $results = [pscustomobject]@{ DisplayName = 'Sales'; Members = 'zid11@acme.example;zid12@acme.example' } |
            Sync-ZiaScimGroup -Connection $conn -Deprovision Delete -Confirm:$false
        @($results | Where-Object Action -eq 'Deleted').Count | Should -Be 0
        @(Get-GroupWrites).Count | Should -Be 0
        (Get-ZiaScimGroup -Connection $conn).DisplayName | Should -Contain 'Dynamic Group Registered Domains'
    }

    It 'Remove-ZiaScimGroup and Add-ZiaScimGroupMember refuse before sending anything' {
        Clear-Requests
        $err = Get-Failure { Remove-ZiaScimGroup 'Dynamic Group Administrators' -Connection $conn -Confirm:$false -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'ScimGroupManagedByZIdentity*'
        "$err" | Should -Match 'nothing was sent'
        $err = Get-Failure { Add-ZiaScimGroupMember 'Dynamic Group Registered Domains' 'zid11@acme.example' -Connection $conn -Confirm:$false -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'ScimGroupManagedByZIdentity*'
        @(Get-GroupWrites).Count | Should -Be 0
    }

    It 'takes a refusal of a group it did not know as managed: says so, does not retry, and does not try again' {
        $null = Invoke-ZiaEmulator $emulator 'zidentity/dynamicGroups' -Method POST -Body @{ displayName = 'Contractors (rule-based)' }
        $fresh = Connect-ZiaScim -BaseUrl $zidentityUrl -BearerToken $emulator.ZIdentityScimToken -PassThru
        Clear-Requests
        $err = Get-Failure { Add-ZiaScimGroupMember 'Contractors (rule-based)' 'zid11@acme.example' -Connection $fresh -Confirm:$false -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'ScimGroupManagedByZIdentity*'
        "$err" | Should -Match 'will not be tried again'
        @(Get-GroupWrites).Count | Should -Be 1
        $err = Get-Failure { Remove-ZiaScimGroup 'Contractors (rule-based)' -Connection $fresh -Confirm:$false -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'ScimGroupManagedByZIdentity*'
        @(Get-GroupWrites).Count | Should -Be 1
    }
}

Describe 'Users that will not reach ZIA until entitled' {
    BeforeAll {
        Set-Tenant @{ mode = 'zidentityAdminsAndUsers'; ziaService = @('zid21@acme.example') }
        $conn = Connect-ZiaScim -BaseUrl $zidentityUrl -BearerToken $emulator.ZIdentityScimToken -PassThru
    }
    AfterAll {
        Set-Tenant @{ mode = 'zidentityAdmins' }
        Connect-TestZia $emulator | Out-Null
    }

    It 'are reported by a sync to ZIdentity when a OneAPI session is connected' {
        Connect-Zia -BaseUri $emulator.BaseUri -VanityDomain acme -ClientId $emulator.ClientId -ClientSecret $emulator.ClientSecret
        $results = @(New-Row 21; New-Row 22; New-Row 23) | Sync-ZiaScimUser -Connection $conn -Confirm:$false -WarningVariable warned -WarningAction SilentlyContinue -InformationVariable info
        @($results | Where-Object Action -eq 'Created').Count | Should -Be 3
        "$warned" | Should -Match '2 user\(s\) arrived in ZIdentity but have no ZIA service entitlement'
        "$warned" | Should -Match 'zid22@acme.example, zid23@acme.example'
        # The complete list, for a script: an information record with its own tag.
        $listed = @($info | Where-Object Tags -contains 'ZiaServiceEntitlementMissing').MessageData
        $listed | Should -Be @('zid22@acme.example', 'zid23@acme.example')
    }

    It 'are not checked without a OneAPI session (the ZIdentity API needs one)' {
        Connect-TestZia $emulator | Out-Null
        $results = New-Row 24 | Sync-ZiaScimUser -Connection $conn -Confirm:$false -WarningVariable warned -WarningAction SilentlyContinue
        $results.Action | Should -Be 'Created'
        $warned | Should -BeNullOrEmpty
    }
}

Describe 'Entra ID and Okta with a ZIdentity endpoint and a token generated in ZIdentity' {
    BeforeAll {
        $secretSignIn = @{
            TenantId = $emulator.EntraTenantId; ClientId = $emulator.EntraClientId; ClientSecret = $emulator.EntraClientSecret
            GraphEndpoint = $emulator.GraphEndpoint; LoginEndpoint = $emulator.LoginEndpoint
        }
        $sswsOkta = @{ OktaDomain = "$($emulator.OktaOrigin)"; OktaApiToken = $emulator.OktaApiToken }
    }

    It 'Set-ZiaScimEntraProvisioning writes them and Entra ID''s test passes against ZIdentity''s server' {
        $result = Set-ZiaScimEntraProvisioning -ServicePrincipal $emulator.EntraServicePrincipal -BaseUrl $zidentityUrl -BearerToken $emulator.ZIdentityScimToken -Validate @secretSignIn -Confirm:$false -PassThru
        $result.JobId | Should -Be $emulator.EntraJobId
        $secrets = ((Invoke-ZiaEmulator $emulator 'entra/state').servicePrincipals | Where-Object id -eq $emulator.EntraServicePrincipalId).secrets
        ($secrets | Where-Object key -eq BaseAddress).value | Should -Be "$zidentityUrl"
    }

    It 'a refused ZIdentity token is explained without ZIA''s activation' {
        $wrong = ConvertTo-SecureString 'not-the-zidentity-token' -AsPlainText -Force
        $err = Get-Failure { Set-ZiaScimEntraProvisioning -ServicePrincipal $emulator.EntraServicePrincipal -BaseUrl $zidentityUrl -BearerToken $wrong -Validate @secretSignIn -Confirm:$false -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'EntraCredentialsRejected*'
        "$err" | Should -Match 'ZIdentity does not accept the token'
        "$err" | Should -Not -Match 'Publish-ZiaChange'
    }

    It 'Set-ZiaScimOktaProvisioning stores them, and the token opens ZIdentity''s server' {
        Set-ZiaScimOktaProvisioning @sswsOkta -AppId $emulator.OktaApp.Id -BaseUrl "$zidentityUrl" -BearerToken $emulator.ZIdentityScimToken -Confirm:$false 3>$null
        $check = Invoke-ZiaEmulator $emulator "okta/apps/$($emulator.OktaApp.Id)/check"
        $check.tokenWorks | Should -BeTrue
        $check.baseUrl | Should -Be "$zidentityUrl"
    }
}

Describe 'The IdP commands on a tenant whose identity providers are in ZIdentity' {
    It 'refuse before sending anything when Connect-Zia -IdentityManagement ZIdentity names the mode, and say where SCIM is set up' {
        Connect-Zia -BaseUri $emulator.BaseUri -Credential $emulator.Credential -ApiKey $emulator.ApiKey -IdentityManagement ZIdentity
        Clear-Requests
        foreach ($command in @(
                { Get-ZiaIdentityProvider -ErrorAction Stop }
                { Enable-ZiaScimProvisioning -IdentityProvider 'Okta' -Confirm:$false -ErrorAction Stop }
                { Disable-ZiaScimProvisioning -IdentityProvider 'Okta' -Confirm:$false -ErrorAction Stop }
                { New-ZiaScimBearerToken -IdentityProvider 'Okta' -Confirm:$false -ErrorAction Stop }
                { Get-ZiaScimBaseUrl -IdentityProvider 'Okta' -ErrorAction Stop }
                { Connect-ZiaScim -IdentityProvider 'Okta' -ErrorAction Stop }
                { Update-ZiaScimBearerToken -IdentityProvider 'Okta' -OktaDomain "$($emulator.OktaOrigin)" -OktaApiToken $emulator.OktaApiToken -AppId $emulator.OktaApp.Id -Confirm:$false -ErrorAction Stop })) {
            $err = Get-Failure $command
            $err.FullyQualifiedErrorId | Should -BeLike 'ZiaIdentityProvidersInZIdentity*' -Because "$command"
            "$err" | Should -Match 'Integration > External Identities'
            "$err" | Should -Match 'Generate Token'
            "$err" | Should -Match 'Connect-ZiaScim -BaseUrl https://<vanity>\.zslogin\.net/scim/<id> -BearerToken'
        }
        @(Get-ZiaEmulatorRequest $emulator -Path '/zsapi/*').Count | Should -Be 0
    }

    It 'fail loudly, change nothing and give the same guidance when the portal no longer serves identity providers' {
        Set-Tenant @{ mode = 'zidentityAdminsAndUsers' }
        try {
            Connect-TestZia $emulator | Out-Null
            Clear-Requests
            $err = Get-Failure { Get-ZiaIdentityProvider -ErrorAction Stop }
            $err.FullyQualifiedErrorId | Should -BeLike 'ZiaApiChanged*'
            "$err" | Should -Match 'subscribed to ZIdentity'
            "$err" | Should -Match 'Integration > External Identities'
            "$err" | Should -Match 'Nothing was changed'
            foreach ($command in @(
                    { Enable-ZiaScimProvisioning -IdentityProvider 'Okta' -Confirm:$false -ErrorAction Stop }
                    { Enable-ZiaScimProvisioning -IdentityProvider $okta.Id -Confirm:$false -ErrorAction Stop })) {
                (Get-Failure $command).FullyQualifiedErrorId | Should -BeLike 'ZiaApiChanged*' -Because "$command"
            }
            @(Get-ZiaEmulatorRequest $emulator -Path '/zsapi/*' | Where-Object method -notin 'GET', 'POST').Count | Should -Be 0 -Because 'no identity provider was written'
        }
        finally {
            Set-Tenant @{ mode = 'zidentityAdmins' }
        }
        (Get-ZiaIdentityProvider 'Okta').Id | Should -Be $okta.Id -Because 'in ZIdentity for Admins, ZIA still serves its identity providers'
    }
}

# Last in this file: its deprovisioning disables the other ZIdentity users that earlier tests created.
Describe 'Users with a ZIA admin entitlement in ZIdentity' {
    BeforeAll {
        Set-Tenant @{ mode = 'zidentityAdminsAndUsers'; ziaService = @(); ziaAdmins = @('zid41@acme.example') }
        $conn = Connect-ZiaScim -BaseUrl $zidentityUrl -BearerToken $emulator.ZIdentityScimToken -PassThru
        @(New-Row 41; New-Row 42) | Sync-ZiaScimUser -Connection $conn -Confirm:$false -WarningAction SilentlyContinue | Out-Null
        function Test-Active([string] $UserName) { (Get-ZIdentityUsers | Where-Object userName -eq $UserName).active }
    }
    AfterAll {
        Set-Tenant @{ mode = 'zidentityAdmins'; ziaAdmins = @() }
        Connect-TestZia $emulator | Out-Null
    }

    It 'are never disabled by a sync to ZIdentity when a OneAPI session is connected, and the result names why' {
        Connect-Zia -BaseUri $emulator.BaseUri -VanityDomain acme -ClientId $emulator.ClientId -ClientSecret $emulator.ClientSecret
        $results = @(New-Row 42) | Sync-ZiaScimUser -Connection $conn -Deprovision Disable -DeprovisionLimit 1000 -Confirm:$false -WarningAction SilentlyContinue
        $kept = $results | Where-Object UserName -eq 'zid41@acme.example'
        $kept.Action | Should -Be 'Skipped'
        $kept.Error | Should -Match "ZIdentity user 'zid41@acme.example', which has a ZIA admin entitlement"
        Test-Active 'zid41@acme.example' | Should -BeTrue
        # The others that the input lacks are disabled as asked: only the admin is kept.
        ($results | Where-Object UserName -eq 'zid21@acme.example').Action | Should -Be 'Disabled'
    }

    It 'are disabled with -IncludeAdminAccounts' {
        $results = @(New-Row 42) | Sync-ZiaScimUser -Connection $conn -Deprovision Disable -DeprovisionLimit 1000 -IncludeAdminAccounts -Confirm:$false -WarningAction SilentlyContinue
        ($results | Where-Object UserName -eq 'zid41@acme.example').Action | Should -Be 'Disabled'
        Test-Active 'zid41@acme.example' | Should -BeFalse
    }
}
