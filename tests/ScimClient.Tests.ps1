# The SCIM client against the emulator's SCIM server: connection, diagnosis, users, groups, and other servers' habits.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emulator = Start-ZiaEmulator
    Connect-TestZia $emulator | Out-Null
    $entra = Get-ZiaIdentityProvider 'Entra ID'
    $scim = Connect-ZiaScim -IdentityProvider $entra -PassThru

    function Set-ScimConfig([hashtable] $Config) { Invoke-ZiaEmulator $emulator 'scim/config' -Method PUT -Body $Config | Out-Null }
    function Reset-ScimConfig { Set-ScimConfig @{ requireTokenOnDiscovery = $false; relativeLocation = $false; maxPageSize = 1000; bulkEnabled = $true; rateLimit = $true } }
    function Get-ServerUsers { @(Invoke-ZiaEmulator $emulator "scim/$($entra.Id)/users") }
    function Clear-Requests { Invoke-ZiaEmulator $emulator 'requests' -Method DELETE | Out-Null }
}

AfterAll {
    Stop-ZiaEmulator $emulator
}

Describe 'Connect-ZiaScim and Test-ZiaScimConnection' {
    It 'builds the connection from the identity provider through the admin API' {
        $scim | Should -BeOfType ZscalerScim.ScimConnection
        "$($scim.BaseUrl)" | Should -Be "$($emulator.BaseUri.GetLeftPart('Authority'))/$($emulator.OrgId)/$($entra.Id)/scim"
        $scim.IdentityProvider | Should -Be 'Entra ID'
        $scim.RequestsPerSecond | Should -Be 5
    }

    It 'reports a working connection with the server''s capabilities' {
        $test = Test-ZiaScimConnection
        $test.Reachable | Should -BeTrue
        $test.Authenticated | Should -BeTrue
        $test.StatusCode | Should -Be 200
        $test.SupportsPatch | Should -BeTrue
        $test.SupportsBulk | Should -BeTrue
        $test.BulkMaxOperations | Should -BeGreaterThan 0
        $test.FilterMaxResults | Should -BeGreaterThan 0
        Test-ZiaScimConnection -Quiet | Should -BeTrue
    }

    It 'points at activation before the change is activated, and succeeds after it' {
        Enable-ZiaScimProvisioning -IdentityProvider Okta -Confirm:$false
        New-ZiaScimBearerToken -IdentityProvider Okta -Confirm:$false 3>$null | Out-Null
        $okta = Get-ZiaScimBaseUrl Okta | Connect-ZiaScim -PassThru
        $before = Test-ZiaScimConnection -Connection $okta
        $before.Authenticated | Should -BeFalse
        $before.Message | Should -Match 'not activated'
        $before.Message | Should -Match 'Publish-ZiaChange'
        Test-ZiaScimConnection -Connection $okta -Quiet | Should -BeFalse

        Publish-ZiaChange -Confirm:$false
        (Test-ZiaScimConnection -Connection $okta).Authenticated | Should -BeTrue
    }

    It 'names a wrong token' {
        $bad = Connect-ZiaScim -BaseUrl $scim.BaseUrl -BearerToken (ConvertTo-SecureString 'not-the-token' -AsPlainText -Force) -PassThru
        $result = Test-ZiaScimConnection -Connection $bad
        $result.Reachable | Should -BeTrue
        $result.StatusCode | Should -Be 401
        $result.Message | Should -Match 'token'
    }

    It 'names a wrong organization or identity provider id' {
        $wrong = [uri]"$($emulator.BaseUri.GetLeftPart('Authority'))/$($emulator.OrgId)/999999/scim"
        $result = Test-ZiaScimConnection -Connection (Connect-ZiaScim -BaseUrl $wrong -BearerToken (ConvertTo-SecureString 'x' -AsPlainText -Force) -PassThru)
        $result.StatusCode | Should -Be 404
        $result.Message | Should -Match 'identity provider id'
    }

    It 'names a host that does not resolve' {
        $result = Test-ZiaScimConnection -Connection (Connect-ZiaScim -BaseUrl 'https://scim.invalid/1/2/scim' -BearerToken (ConvertTo-SecureString 'x' -AsPlainText -Force) -PassThru -MaxRetry 0)
        $result.Reachable | Should -BeFalse
        $result.Message | Should -Match 'resolve|host'
    }

    It 'names a proxy page' {
        Connect-ZiaScim -IdentityProvider $entra
        Set-ZiaEmulatorFault $emulator -Kind htmlProxy -Path "/$($emulator.OrgId)/$($entra.Id)/scim/ServiceProviderConfig"
        $result = Test-ZiaScimConnection
        $result.Authenticated | Should -BeFalse
        $result.Message | Should -Match 'proxy'
        Invoke-ZiaEmulator $emulator 'faults' -Method DELETE | Out-Null
    }

    It 'refuses plain http to another host' {
        { Connect-ZiaScim -BaseUrl 'http://scim.example.com/1/2/scim' -BearerToken (ConvertTo-SecureString 'x' -AsPlainText -Force) } | Should -Throw -ErrorId 'ScimInsecureBaseUrl*'
        # A URL without its scheme is a typo, and said so.
        $err = { Connect-ZiaScim -BaseUrl 'scim.zscalertwo.net/1/2/scim' -BearerToken (ConvertTo-SecureString 'x' -AsPlainText -Force) } | Should -Throw -ErrorId 'ScimInvalidBaseUrl*' -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -Match 'no scheme \(https://\)'
    }
}

Describe 'User lifecycle' {
    BeforeAll { Connect-ZiaScim -IdentityProvider $entra }

    It 'creates, reads, changes, disables, enables and removes a user' {
        $user = New-ZiaScimUser -UserName 'ann@acme.example' -GivenName Ann -FamilyName Lee -DisplayName 'Ann Lee' -Email 'ann@acme.example' -Department Sales -ExternalId 'ext-ann'
        $user | Should -BeOfType ZscalerScim.ScimUser
        $user.Id | Should -Not -BeNullOrEmpty
        $user.Active | Should -BeTrue

        $read = Get-ZiaScimUser 'ann@acme.example'
        $read.Department | Should -Be 'Sales'
        $read.GivenName | Should -Be 'Ann'
        (Get-ZiaScimUser -ExternalId 'ext-ann').Id | Should -Be $user.Id
        (Get-ZiaScimUser -Id $user.Id).UserName | Should -Be 'ann@acme.example'

        Clear-Requests
        $changed = Set-ZiaScimUser 'ann@acme.example' -Department Finance -PassThru -Confirm:$false
        $changed.Department | Should -Be 'Finance'
        $changed.GivenName | Should -Be 'Ann'
        @(Get-ZiaEmulatorRequest $emulator | Where-Object method -eq 'PATCH').Count | Should -Be 1

        ($user | Disable-ZiaScimUser -PassThru -Confirm:$false).Active | Should -BeFalse
        (Get-ServerUsers | Where-Object userName -eq 'ann@acme.example').active | Should -BeFalse
        (Enable-ZiaScimUser -Id $user.Id -PassThru -Confirm:$false).Active | Should -BeTrue

        Remove-ZiaScimUser 'ann@acme.example' -Confirm:$false
        { Get-ZiaScimUser 'ann@acme.example' -ErrorAction Stop } | Should -Throw -ErrorId 'ScimUserNotFound*'
    }

    It 'refuses a userName outside the registered domains, saying which are registered' {
        $err = { New-ZiaScimUser -UserName 'bob@elsewhere.example' -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ScimInvalidValue*'
        $err.Exception.Message | Should -Match 'acme.example'
    }

    It 'reports a duplicate userName as a conflict' {
        New-ZiaScimUser -UserName 'dup@acme.example' | Out-Null
        { New-ZiaScimUser -UserName 'dup@acme.example' -ErrorAction Stop } | Should -Throw -ErrorId 'ScimConflict*'
    }

    It 'escapes quotes and backslashes in filter values' {
        New-ZiaScimUser -UserName 'o"brien\x@acme.example' | Out-Null
        (Get-ZiaScimUser 'o"brien\x@acme.example').UserName | Should -Be 'o"brien\x@acme.example'
    }

    It 'creates users from CSV rows' {
        $csv = @(
            [pscustomobject]@{ UserName = 'csv1@acme.example'; GivenName = 'C'; Surname = 'One'; Mail = 'csv1@acme.example'; Department = 'IT' }
            [pscustomobject]@{ UserName = 'csv2@acme.example'; GivenName = 'C'; Surname = 'Two'; Mail = 'csv2@acme.example'; Department = 'IT' }
        )
        $created = $csv | New-ZiaScimUser
        $created.UserName | Should -Be @('csv1@acme.example', 'csv2@acme.example')
        $created[1].FamilyName | Should -Be 'Two'
        $created[1].Email | Should -Be 'csv2@acme.example'
    }

    It 'streams every page and follows totalResults when the server pages smaller than asked' {
        $seed = 1..230 | ForEach-Object { @{ userName = "page$_@acme.example"; active = $true } }
        Invoke-ZiaEmulator $emulator "scim/$($entra.Id)/users" -Method POST -Body $seed | Out-Null
        Set-ScimConfig @{ maxPageSize = 50 }
        try {
            $fresh = Connect-ZiaScim -IdentityProvider 'Entra ID' -PassThru
            Clear-Requests
            @(Get-ZiaScimUser 'page*' -Connection $fresh).Count | Should -Be 230
            @(Get-ZiaScimUser -Connection $fresh -ResultSize 120).Count | Should -Be 120
            $reads = @(Get-ZiaEmulatorRequest $emulator | Where-Object { $_.path -like '*/Users' })
            $reads[0].query | Should -Match 'startIndex=1'
            $reads[0].query | Should -Match 'count='
            $reads.Count | Should -BeGreaterThan 5

            # A read of many pages shows progress, and completes it.
            $ps = [powershell]::Create()
            try {
                $null = $ps.AddScript('param($c) Import-Module $env:ZSCALERSCIM_MODULE; Get-ZiaScimUser page* -Connection $c').AddArgument($fresh)
                @($ps.Invoke()).Count | Should -Be 230
                $reading = @($ps.Streams.Progress | Where-Object Activity -eq 'Reading SCIM users')
                $reading.Count | Should -BeGreaterThan 1
                $reading[-1].RecordType | Should -Be 'Completed'
                ($reading | Where-Object StatusDescription -match '^\d+ of \d+$') | Should -Not -BeNullOrEmpty
            }
            finally { $ps.Dispose() }
        }
        finally { Reset-ScimConfig }
    }

    It 'works with a server that wants the token on discovery and answers relative locations' {
        Set-ScimConfig @{ requireTokenOnDiscovery = $true; relativeLocation = $true }
        try {
            $fresh = Connect-ZiaScim -IdentityProvider 'Entra ID' -PassThru
            (Test-ZiaScimConnection -Connection $fresh).Authenticated | Should -BeTrue
            (New-ZiaScimUser -UserName 'relative@acme.example' -Connection $fresh).Id | Should -Not -BeNullOrEmpty
        }
        finally { Reset-ScimConfig }
    }
}

Describe 'Resource ids are one path segment' {
    BeforeAll { Connect-ZiaScim -IdentityProvider $entra }

    It 'refuses the id <_> before sending anything, so no call reaches the collection' -ForEach '.', '..', 'x/../..', 'a\b' {
        New-ZiaScimUser -UserName 'segment@acme.example' -ErrorAction Ignore | Out-Null
        Clear-Requests
        $id = $_
        foreach ($call in { Remove-ZiaScimUser -Id $id -Confirm:$false -ErrorAction Stop },
                          { Set-ZiaScimUser -Id $id -Department Ops -Confirm:$false -ErrorAction Stop },
                          { Disable-ZiaScimUser -Id $id -Confirm:$false -ErrorAction Stop }) {
            $err = $call | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -BeLike 'ScimInvalidId*'
            $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        }
        @(Get-ZiaEmulatorRequest $emulator).Count | Should -Be 0
        (Get-ServerUsers | Where-Object userName -eq 'segment@acme.example').active | Should -BeTrue
    }

    It 'does not look a group name up as an id when it cannot be one' {
        New-ZiaScimGroup -DisplayName 'Kept' | Out-Null
        Clear-Requests
        { Remove-ZiaScimGroup -Group '..' -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'ScimGroupNotFound*'
        { Add-ZiaScimGroupMember -Group 'Kept' -Member '..' -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'ScimInvalidId*'
        $sent = Get-ZiaEmulatorRequest $emulator
        @($sent | Where-Object method -in 'PATCH', 'DELETE').Count | Should -Be 0
        @($sent | Where-Object { $_.path -match '/(Users|Groups)/?$' -and -not $_.query }).Count | Should -Be 0
        (Get-ZiaScimGroup 'Kept').DisplayName | Should -Be 'Kept'
    }

    It 'escapes an id with reserved characters into one segment' {
        Clear-Requests
        { Remove-ZiaScimUser -Id 'a b?c#d' -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'ScimUserNotFound*'
        (Get-ZiaEmulatorRequest $emulator).path | Should -Contain "/$($emulator.OrgId)/$($entra.Id)/scim/Users/a b?c#d"
    }
}

Describe 'Groups' {
    It 'creates a group, adds and removes members by object, userName or id, and removes the group' {
        $u1 = New-ZiaScimUser -UserName 'g1@acme.example'
        $u2 = New-ZiaScimUser -UserName 'g2@acme.example'
        $group = New-ZiaScimGroup -DisplayName 'Sales' -ExternalId 'grp-sales'
        $group | Should -BeOfType ZscalerScim.ScimGroup

        $u1 | Add-ZiaScimGroupMember -Group 'Sales' -Confirm:$false
        Add-ZiaScimGroupMember -Group $group -Member 'g2@acme.example', $u1.Id -Confirm:$false
        (Get-ZiaScimGroup 'Sales').MemberCount | Should -Be 2
        (Get-ZiaScimUser 'g1@acme.example').Groups | Should -Contain 'Sales'

        Remove-ZiaScimGroupMember -Group 'Sales' -Member $u2 -Confirm:$false -PassThru | Select-Object -ExpandProperty MemberCount | Should -Be 1
        Remove-ZiaScimGroup 'Sales' -Confirm:$false
        { Get-ZiaScimGroup 'Sales' -ErrorAction Stop } | Should -Throw -ErrorId 'ScimGroupNotFound*'
    }

    It 'refuses a group or an unknown id as a member' {
        $group = New-ZiaScimGroup -DisplayName 'Checked'
        $group | Add-ZiaScimGroupMember -Group 'Checked' -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ScimInvalidMember*'
        { Add-ZiaScimGroupMember -Group 'Checked' -Member 'no-such-id' -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'ScimUserNotFound*'
        (Get-ZiaScimGroup 'Checked').MemberCount | Should -Be 0
    }

    It 'takes plain userNames from the pipeline' {
        New-ZiaScimUser -UserName 'piped@acme.example' | Out-Null
        'piped@acme.example' | Disable-ZiaScimUser -Confirm:$false
        (Get-ZiaScimUser 'piped@acme.example').Active | Should -BeFalse
    }

    It 'names the user, not the URL, as the target of a server error' {
        New-ZiaScimUser -UserName 'bad@elsewhere.example' -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].TargetObject | Should -Be 'bad@elsewhere.example'
    }

    It 'writes nothing under -WhatIf' {
        Clear-Requests
        New-ZiaScimGroup -DisplayName 'WhatIf Group' -WhatIf
        Remove-ZiaScimUser 'g1@acme.example' -WhatIf
        @(Get-ZiaEmulatorRequest $emulator | Where-Object method -in 'POST', 'PATCH', 'DELETE').Count | Should -Be 0
    }

    It 'shows under -WhatIf the attribute names a person reads, with the old and new value' {
        $user = Get-ZiaScimUser 'g1@acme.example'
        $transcript = Join-Path $TestDrive 'whatif.txt'
        Start-Transcript -Path $transcript | Out-Null
        Set-ZiaScimUser 'g1@acme.example' -Department 'Treasury' -WhatIf
        Stop-Transcript | Out-Null
        $text = Get-Content $transcript -Raw
        $text | Should -Match ([regex]::Escape("Change department: '$($user.Department)' -> 'Treasury'"))
        $text | Should -Not -Match 'urn:ietf'
    }

    It 'takes piped ids as ids, not as userNames' {
        $user = Get-ZiaScimUser 'g1@acme.example'
        ($user.Id | Get-ZiaScimUser).UserName | Should -Be 'g1@acme.example'
        Clear-Requests
        $user.Id | Disable-ZiaScimUser -WhatIf
        @(Get-ZiaEmulatorRequest $emulator | Where-Object method -eq 'PATCH').Count | Should -Be 0
        { 'no-such-id' | Get-ZiaScimUser -ErrorAction Stop } | Should -Throw -ErrorId 'ScimUserNotFound*'
    }
}

Describe 'SCIM secrets' {
    It 'never writes the bearer token to a stream' {
        $token = Get-ZiaScimBearerToken -IdentityProvider 'Entra ID' -AsPlainText
        $text = & {
            $VerbosePreference = 'Continue'; $DebugPreference = 'Continue'
            $c = Connect-ZiaScim -IdentityProvider 'Entra ID' -PassThru
            Test-ZiaScimConnection -Connection $c | Format-List * | Out-String
            New-ZiaScimUser -UserName 'secret-check@acme.example' -Connection $c
            $c | Format-List * | Out-String
        } *>&1 | Out-String
        $text | Should -Match 'ServiceProviderConfig'
        $text.Contains($token) | Should -BeFalse
    }
}
