# Sync-ZiaScimUser and Sync-ZiaScimGroup: diff-based, at the rate limit, through Bulk when the server has it.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emulator = Start-ZiaEmulator
    Connect-TestZia $emulator | Out-Null
    $entra = Get-ZiaIdentityProvider 'Entra ID'
    Connect-ZiaScim -IdentityProvider $entra

    function Get-ServerUsers { @(Invoke-ZiaEmulator $emulator "scim/$($entra.Id)/users") }
    function Clear-Requests { Invoke-ZiaEmulator $emulator 'requests' -Method DELETE | Out-Null }
    function Get-ScimRequests { @(Get-ZiaEmulatorRequest $emulator | Where-Object { $_.path -like "/$($emulator.OrgId)/*" }) }
    function New-Row([int] $n, [string] $Department = 'Sales') {
        [pscustomobject]@{
            userName = "user$n@acme.example"; givenName = "Given$n"; familyName = "Family$n"; displayName = "User $n"
            department = $Department; email = "user$n@acme.example"; externalId = "ext-$n"; active = 'true'
        }
    }
}

AfterAll {
    Stop-ZiaEmulator $emulator
}

Describe 'Sync-ZiaScimUser at scale' {
    It 'creates 2,000 users, then syncs 20 changes with the page reads and about 20 writes, never meeting a 429' {
        $rows = 1..2000 | ForEach-Object { New-Row $_ }
        $first = $rows | Sync-ZiaScimUser -Confirm:$false
        @($first | Where-Object Action -eq 'Created').Count | Should -Be 2000
        @($first | Where-Object Action -eq 'Failed').Count | Should -Be 0
        @(Get-ServerUsers).Count | Should -Be 2000

        foreach ($n in 1..20) { $rows[$n * 50].department = 'Finance' }
        Clear-Requests
        $fresh = Connect-ZiaScim -IdentityProvider $entra -PassThru
        $second = $rows | Sync-ZiaScimUser -Connection $fresh -Confirm:$false -InformationVariable info
        @($second | Where-Object Action -eq 'Updated').Count | Should -Be 20
        @($second | Where-Object Action -eq 'Unchanged').Count | Should -Be 1980
        ($second | Where-Object Action -eq 'Updated')[0].Changes | Should -Be @("department: 'Sales' -> 'Finance'")
        "$info" | Should -Match '20 updated'

        $requests = Get-ScimRequests
        $reads = @($requests | Where-Object method -eq 'GET')
        $writes = @($requests | Where-Object method -ne 'GET')
        $pages = [math]::Ceiling(2000 / $fresh.Capabilities.FilterMaxResults)
        $reads.Count | Should -BeLessOrEqual ($pages + 1) -Because 'one discovery read and the pages'
        $writes.Count | Should -BeLessOrEqual 20
        $requests.status | Should -Not -Contain 429
        $counters = Invoke-ZiaEmulator $emulator 'scim/counters'
        $counters.rateLimited | Should -Be 0
        (Get-ServerUsers | Where-Object userName -eq 'user51@acme.example').'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'.department | Should -Be 'Finance'
    }
}

Describe 'Sync-ZiaScimUser semantics' {
    BeforeAll {
        $small = Start-ZiaEmulator
        Connect-Zia -BaseUri $small.BaseUri -Credential $small.Credential -ApiKey $small.ApiKey
        $smallIdp = Get-ZiaIdentityProvider 'Entra ID'
        $conn = Connect-ZiaScim -IdentityProvider $smallIdp -PassThru
        function Get-SmallUsers { @(Invoke-ZiaEmulator $small "scim/$($smallIdp.Id)/users") }
        function Clear-SmallRequests { Invoke-ZiaEmulator $small 'requests' -Method DELETE | Out-Null }
    }
    AfterAll { Stop-ZiaEmulator $small }

    It 'reads Active Directory users (Get-ADUser shape)' {
        $ad = [pscustomobject]@{
            UserPrincipalName = 'ad1@acme.example'; GivenName = 'Ada'; Surname = 'Dir'; DisplayName = 'Ada Dir'
            Department = 'IT'; EmailAddress = 'ada@acme.example'; ObjectGUID = [guid]'11111111-2222-3333-4444-555555555555'; Enabled = $true
        }
        ($ad | Sync-ZiaScimUser -Connection $conn -Confirm:$false).Action | Should -Be 'Created'
        $server = Get-SmallUsers | Where-Object userName -eq 'ad1@acme.example'
        $server.externalId | Should -Be '11111111-2222-3333-4444-555555555555'
        $server.name.familyName | Should -Be 'Dir'
        $server.emails[0].value | Should -Be 'ada@acme.example'
    }

    It 'warns once per run about CSV columns that map to nothing, naming them and the accepted names' {
        $csv = Join-Path $TestDrive 'typo.csv'
        @(
            [pscustomobject]@{ userName = 'typo1@acme.example'; 'E-Mail' = 'typo1@acme.example'; Dept = 'IT'; costCenter = '7' }
            [pscustomobject]@{ userName = 'typo2@acme.example'; 'E-Mail' = 'typo2@acme.example'; Dept = 'HR'; costCenter = '7' }
        ) | Export-Csv $csv -NoTypeInformation
        $results = Import-Csv $csv | Sync-ZiaScimUser -Connection $conn -AttributeMap @{ department = 'Dept' } -Confirm:$false -WarningVariable warned 3>$null
        @($results | Where-Object Action -eq 'Created').Count | Should -Be 2
        $server = Get-SmallUsers | Where-Object userName -eq 'typo1@acme.example'
        $server.emails | Should -BeNullOrEmpty -Because 'the misspelt column was not read'
        $server.'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'.department | Should -Be 'IT'
        $columnWarnings = @($warned | Where-Object { "$_" -like '*match no SCIM attribute*' })
        $columnWarnings.Count | Should -Be 1
        "$($columnWarnings[0])" | Should -Match "'E-Mail', 'costCenter'"
        "$($columnWarnings[0])" | Should -Not -Match "'Dept'" -Because '-AttributeMap reads it'
        "$($columnWarnings[0])" | Should -Match 'EmailAddress'
        "$($columnWarnings[0])" | Should -Match '-AttributeMap'

        # Rows whose columns are all known: no such warning.
        $clean = [pscustomobject]@{ userName = 'typo1@acme.example'; email = 'typo1@acme.example' } | Sync-ZiaScimUser -Connection $conn -Confirm:$false -WarningVariable quiet 3>$null
        $clean.Action | Should -Be 'Updated'
        @($quiet | Where-Object { "$_" -like '*match no SCIM attribute*' }).Count | Should -Be 0
    }

    It 'reads Microsoft Graph users (Get-MgUser shape) and disables AccountEnabled = false' {
        $mg = [pscustomobject]@{ UserPrincipalName = 'ad1@acme.example'; GivenName = 'Ada'; Surname = 'Dir'; DisplayName = 'Ada Dir'; Department = 'IT'; Mail = 'ada@acme.example'; Id = '11111111-2222-3333-4444-555555555555'; AccountEnabled = $false }
        $result = $mg | Sync-ZiaScimUser -Connection $conn -Confirm:$false
        $result.Action | Should -Be 'Disabled'
        (Get-SmallUsers | Where-Object userName -eq 'ad1@acme.example').active | Should -BeFalse
        $mg.AccountEnabled = $true
        ($mg | Sync-ZiaScimUser -Connection $conn -Confirm:$false).Action | Should -Be 'Reactivated'
    }

    It 'applies -AttributeMap with a property name and a script block' {
        $row = [pscustomobject]@{ Login = 'mapped@acme.example'; Dept = 'ops' }
        $result = $row | Sync-ZiaScimUser -Connection $conn -AttributeMap @{ userName = 'Login'; department = { $_.Dept.ToUpper() } } -Confirm:$false
        $result.Action | Should -Be 'Created'
        (Get-SmallUsers | Where-Object userName -eq 'mapped@acme.example').department | Should -Be 'OPS'
    }

    It 'refuses an -AttributeMap key it does not manage' {
        { [pscustomobject]@{ userName = 'x@acme.example' } | Sync-ZiaScimUser -Connection $conn -AttributeMap @{ shoeSize = 'x' } } | Should -Throw -ErrorId 'ScimInvalidAttributeMap*'
    }

    It 'fails one user and goes on with the rest' {
        $rows = 'ok1@acme.example', 'bad@elsewhere.example', 'ok2@acme.example' | ForEach-Object { [pscustomobject]@{ userName = $_ } }
        # -RegisteredDomain claims the domain, so that the user is sent and the server refuses it (else it is Skipped, unsent).
        $results = $rows | Sync-ZiaScimUser -Connection $conn -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue -RegisteredDomain acme.example, elsewhere.example
        $errs[-1].FullyQualifiedErrorId | Should -BeLike 'ScimSyncItemsFailed*'
        ($results | Where-Object UserName -eq 'bad@elsewhere.example').Action | Should -Be 'Failed'
        ($results | Where-Object UserName -eq 'bad@elsewhere.example').Error | Should -Not -BeNullOrEmpty
        @($results | Where-Object Action -eq 'Created').Count | Should -Be 2
    }

    It 'shows the plan under -WhatIf and writes nothing' {
        Clear-SmallRequests
        $before = @(Get-SmallUsers).Count
        $out = [pscustomobject]@{ userName = 'whatif@acme.example' } | Sync-ZiaScimUser -Connection $conn -Deprovision Delete -WhatIf 6>$null
        @(Get-SmallUsers).Count | Should -Be $before
        @(Get-ZiaEmulatorRequest $small | Where-Object method -in 'POST', 'PATCH', 'DELETE', 'PUT').Count | Should -Be 0
        $out | Where-Object Action -in 'Created', 'Deleted' | Should -BeNullOrEmpty
    }

    It 'disables or deletes server users absent from the input with -Deprovision' {
        $keep = [pscustomobject]@{ userName = 'ok1@acme.example' }
        $disabled = $keep | Sync-ZiaScimUser -Connection $conn -Deprovision Disable -Confirm:$false
        @($disabled | Where-Object Action -eq 'Disabled').Count | Should -BeGreaterThan 0
        (Get-SmallUsers | Where-Object userName -eq 'ok2@acme.example').active | Should -BeFalse

        $deleted = $keep | Sync-ZiaScimUser -Connection $conn -Deprovision Delete -Confirm:$false
        @($deleted | Where-Object Action -eq 'Deleted').Count | Should -BeGreaterThan 0
        @(Get-SmallUsers).userName | Should -Be @('ok1@acme.example')
    }

    It 'leaves attributes alone that a typed source object carries as null' {
        $mg = [pscustomobject]@{ UserPrincipalName = 'ok1@acme.example'; Department = 'Sales'; AccountEnabled = $true }
        $mg | Sync-ZiaScimUser -Connection $conn -Confirm:$false | Out-Null
        $mg.Department = $null
        $mg.AccountEnabled = $null
        ($mg | Sync-ZiaScimUser -Connection $conn -Confirm:$false).Action | Should -Be 'Unchanged'
        (Get-SmallUsers | Where-Object userName -eq 'ok1@acme.example').department | Should -Be 'Sales'
    }

    It 'stops writing when a downstream command stops the pipeline' {
        Invoke-ZiaEmulator $small 'scim/config' -Method PUT -Body @{ bulkEnabled = $false } | Out-Null
        try {
            $slow = Connect-ZiaScim -IdentityProvider $smallIdp -PassThru -RequestsPerSecond 2
            $before = @(Get-SmallUsers).Count
            $rows = 1..12 | ForEach-Object { [pscustomobject]@{ userName = "stopped$_@acme.example" } }
            $rows | Sync-ZiaScimUser -Connection $slow -Confirm:$false | Where-Object Action -eq 'Created' | Select-Object -First 1 | Out-Null
            $afterStop = @(Get-SmallUsers).Count
            Start-Sleep -Seconds 3
            @(Get-SmallUsers).Count | Should -Be $afterStop -Because 'nothing may go on writing after the command returned'
            $afterStop - $before | Should -BeLessThan 12
        }
        finally {
            Invoke-ZiaEmulator $small 'scim/config' -Method PUT -Body @{ bulkEnabled = $true } | Out-Null
        }
    }

    It 'refuses to deprovision against an empty input' {
        $err = { @() | Sync-ZiaScimUser -Connection $conn -Deprovision Disable -Confirm:$false -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ScimSyncEmptyInput*'
        @(Get-SmallUsers | Where-Object active -eq $false).Count | Should -Be 0
    }

    It 'fails an unreadable active value instead of disabling, and then skips deprovisioning' {
        Clear-SmallRequests
        $rows = [pscustomobject]@{ userName = 'ok1@acme.example'; active = 'YES' }, [pscustomobject]@{ userName = 'typo@acme.example'; active = 'maybe' }
        $results = $rows | Sync-ZiaScimUser -Connection $conn -Deprovision Disable -Confirm:$false -WarningVariable warnings -ErrorAction SilentlyContinue 3>$null
        ($results | Where-Object Action -eq 'Failed').Error | Should -Match 'not a value for active'
        "$warnings" | Should -Match 'Deprovision Disable was skipped'
        @(Get-ZiaEmulatorRequest $small | Where-Object method -in 'PATCH', 'DELETE').Count | Should -Be 0
    }

    It 'says how to confirm a deletion in a session that cannot prompt' {
        # A runspace without a host, as in a scheduled task or runbook: nobody can answer a prompt.
        New-ZiaScimUser -UserName 'extra@acme.example' -Connection $conn | Out-Null
        $ps = [powershell]::Create()
        $null = $ps.AddScript({
            param($module, $connection)
            Import-Module $module
            [pscustomobject]@{ userName = 'ok1@acme.example' } | Sync-ZiaScimUser -Connection $connection -Deprovision Delete -ErrorAction Stop
        }).AddArgument($env:ZSCALERSCIM_MODULE).AddArgument($conn)
        $before = @(Get-SmallUsers).Count
        $null = $ps.Invoke()
        $err = $ps.Streams.Error[0]
        $ps.Dispose()
        $err.FullyQualifiedErrorId | Should -BeLike 'ZiaConfirmationRequired*'
        $err.Exception.Message | Should -Match 'Confirm:\$false'
        @(Get-SmallUsers).Count | Should -Be $before
    }

    It 'sends one request per user when the server has no Bulk' {
        Invoke-ZiaEmulator $small 'scim/config' -Method PUT -Body @{ bulkEnabled = $false } | Out-Null
        try {
            $noBulk = Connect-ZiaScim -IdentityProvider $smallIdp -PassThru
            Clear-SmallRequests
            $rows = 1..6 | ForEach-Object { [pscustomobject]@{ userName = "single$_@acme.example" } }
            @($rows | Sync-ZiaScimUser -Connection $noBulk -Confirm:$false | Where-Object Action -eq 'Created').Count | Should -Be 6
            $requests = @(Get-ZiaEmulatorRequest $small | Where-Object { $_.path -like '*/scim/*' })
            @($requests | Where-Object { $_.method -eq 'POST' -and $_.path -like '*/Users' }).Count | Should -Be 6
            @($requests | Where-Object path -like '*/Bulk').Count | Should -Be 0
            $requests.status | Should -Not -Contain 429 -Because 'connections to one tenant share its rate limit'
        }
        finally {
            Invoke-ZiaEmulator $small 'scim/config' -Method PUT -Body @{ bulkEnabled = $true } | Out-Null
        }
    }

    It 'syncs groups by membership difference' {
        $users = 'm1', 'm2', 'm3' | ForEach-Object { [pscustomobject]@{ userName = "$_@acme.example" } }
        $users | Sync-ZiaScimUser -Connection $conn -Confirm:$false | Out-Null
        $created = [pscustomobject]@{ DisplayName = 'Engineering'; Members = 'm1@acme.example;m2@acme.example' } | Sync-ZiaScimGroup -Connection $conn -Confirm:$false
        $created.Action | Should -Be 'Created'
        $created.MembersAdded.Count | Should -Be 2

        Clear-SmallRequests
        $updated = [pscustomobject]@{ DisplayName = 'Engineering'; Members = @('m2@acme.example', 'm3@acme.example') } | Sync-ZiaScimGroup -Connection $conn -Confirm:$false
        $updated.Action | Should -Be 'Updated'
        $updated.MembersAdded | Should -Be @('m3@acme.example')
        $updated.MembersRemoved | Should -Be @('m1@acme.example')
        # The one change goes as one PATCH operation of one bulk request (the server offers Bulk).
        $writes = @(Get-ZiaEmulatorRequest $small | Where-Object method -ne 'GET')
        $writes.Count | Should -Be 1
        $writes[0].path | Should -BeLike '*/Bulk'

        ([pscustomobject]@{ DisplayName = 'Engineering'; Members = @('m2@acme.example', 'm3@acme.example') } | Sync-ZiaScimGroup -Connection $conn -Confirm:$false).Action | Should -Be 'Unchanged'
    }

    It 'removes no member when some wanted members are unknown' {
        $result = [pscustomobject]@{ DisplayName = 'Engineering'; Members = 'm2;m3' } | Sync-ZiaScimGroup -Connection $conn -Confirm:$false -ErrorAction SilentlyContinue
        $result.MembersRemoved | Should -BeNullOrEmpty
        $result.Error | Should -Match 'no member was removed'
        (Get-ZiaScimGroup 'Engineering' -Connection $conn).MemberCount | Should -Be 2
    }

    It 'exports readable changes and members to CSV' {
        $csv = Join-Path $TestDrive 'results.csv'
        [pscustomobject]@{ userName = 'm1@acme.example'; department = 'Exported' } | Sync-ZiaScimUser -Connection $conn -Confirm:$false | Export-Csv $csv -NoTypeInformation
        $row = Import-Csv $csv
        $row.Changes | Should -Match "department: '.*' -> 'Exported'"
        $row.Changes | Should -Not -Match 'System\.'
        $groups = Join-Path $TestDrive 'groups.csv'
        [pscustomobject]@{ DisplayName = 'Exported Group'; Members = 'm1@acme.example;m2@acme.example' } | Sync-ZiaScimGroup -Connection $conn -Confirm:$false | Export-Csv $groups -NoTypeInformation
        (Import-Csv $groups).MembersAdded | Should -Be 'm1@acme.example; m2@acme.example'
    }

    It 'never deletes a group because its name had a stray space or came twice' {
        $before = @(Get-ZiaScimGroup -Connection $conn).DisplayName
        $before | Should -Contain 'Engineering'
        # ' Engineering ' is the server's Engineering; two 'Ops' rows fail both, so nothing is deleted.
        $rows = @(
            [pscustomobject]@{ DisplayName = ' Engineering '; Members = @('m2@acme.example', 'm3@acme.example') }
            [pscustomobject]@{ DisplayName = 'Ops'; Members = 'm1@acme.example' }
            [pscustomobject]@{ DisplayName = 'ops'; Members = 'm2@acme.example' }
        )
        $results = $rows | Sync-ZiaScimGroup -Connection $conn -Deprovision Delete -Confirm:$false -WarningVariable warnings -ErrorAction SilentlyContinue 3>$null
        ($results | Where-Object DisplayName -eq 'Engineering').Action | Should -Be 'Unchanged'
        @($results | Where-Object Action -eq 'Failed').Count | Should -Be 2
        $results.Action | Should -Not -Contain 'Deleted'
        "$warnings" | Should -Match 'Deprovision Delete was skipped'
        @(Get-ZiaScimGroup -Connection $conn).DisplayName | Should -Be $before
    }

    It 'refuses to delete every group on an empty input' {
        { @() | Sync-ZiaScimGroup -Connection $conn -Deprovision Delete -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'ScimSyncEmptyInput*'
        @(Get-ZiaScimGroup -Connection $conn).Count | Should -BeGreaterThan 0
    }
}

Describe 'Sync-ZiaScimUser safety' {
    BeforeAll {
        $safe = Start-ZiaEmulator
        Connect-Zia -BaseUri $safe.BaseUri -Credential $safe.Credential -ApiKey $safe.ApiKey
        $safeIdp = Get-ZiaIdentityProvider 'Entra ID'
        $sconn = Connect-ZiaScim -IdentityProvider $safeIdp -PassThru
        Invoke-ZiaEmulator $safe 'scim/config' -Method PUT -Body @{ rateLimit = $false } | Out-Null
        function Get-SafeUsers { @(Invoke-ZiaEmulator $safe "scim/$($safeIdp.Id)/users") }
        function Get-SafeWrites { @(Get-ZiaEmulatorRequest $safe | Where-Object { $_.path -like '*/scim/*' -and $_.method -ne 'GET' }) }
        function Get-SafeScimRequests { @(Get-ZiaEmulatorRequest $safe | Where-Object { $_.path -like '*/scim/*' }) }
        # A fresh tenant holding users u1..uN (externalId ext-i, department Sales), and no request logged.
        function Reset-Tenant([int] $Count) {
            Invoke-ZiaEmulator $safe "scim/$($safeIdp.Id)" -Method DELETE | Out-Null
            if ($Count -gt 0) {
                $seed = @(1..$Count | ForEach-Object { @{ userName = "u$_@acme.example"; externalId = "ext-$_"; department = 'Sales'; active = $true } })
                Invoke-ZiaEmulator $safe "scim/$($safeIdp.Id)/users" -Method POST -Body $seed | Out-Null
            }
            Invoke-ZiaEmulator $safe 'requests' -Method DELETE | Out-Null
        }
        function Row([string] $UserName, [string] $ExternalId, [string] $Department = 'Sales') {
            $row = [ordered]@{ userName = $UserName; department = $Department }
            if ($ExternalId) { $row.externalId = $ExternalId }
            [pscustomobject]$row
        }
    }
    AfterAll { Stop-ZiaEmulator $safe }

    Context 'userNames with stray spaces (item 7)' {
        It 'matches a userName with a leading or trailing space to its user instead of deprovisioning that user' {
            Reset-Tenant 3
            $rows = (Row ' u1@acme.example '), (Row 'u2@acme.example'), (Row "u3@acme.example`t")
            $results = $rows | Sync-ZiaScimUser -Connection $sconn -Deprovision Disable -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
            $results.Action | Should -Be @('Unchanged', 'Unchanged', 'Unchanged')
            $results.UserName | Should -Be @('u1@acme.example', 'u2@acme.example', 'u3@acme.example')
            $errs | Should -BeNullOrEmpty
            Get-SafeWrites | Should -BeNullOrEmpty
            (Get-SafeUsers).active | Should -Not -Contain $false
        }

        It 'counts a whitespace-only userName as unreadable and skips deprovisioning' {
            Reset-Tenant 2
            $rows = (Row 'u1@acme.example'), (Row '   ')
            $results = $rows | Sync-ZiaScimUser -Connection $sconn -Deprovision Disable -Confirm:$false -WarningVariable warnings -ErrorAction SilentlyContinue 3>$null
            $failed = $results | Where-Object Action -eq 'Failed'
            $failed.UserName | Should -Be '(row 2)'
            $failed.Error | Should -Match 'Row 2 has no userName'
            "$warnings" | Should -Match 'Deprovision Disable was skipped'
            Get-SafeWrites | Should -BeNullOrEmpty
            (Get-SafeUsers | Where-Object userName -eq 'u2@acme.example').active | Should -BeTrue
        }
    }

    Context 'duplicates and many-to-one matches (item 8)' {
        It 'fails two rows with the same externalId, leaves their user alone and skips deprovisioning' {
            Reset-Tenant 3
            $rows = (Row 'u1@acme.example' 'ext-1' 'Finance'), (Row 'renamed@acme.example' 'ext-1' 'Legal'), (Row 'u2@acme.example' 'ext-2')
            $results = $rows | Sync-ZiaScimUser -Connection $sconn -Deprovision Disable -Confirm:$false -ErrorVariable errs -WarningVariable warnings -ErrorAction SilentlyContinue 3>$null
            $failed = @($results | Where-Object Action -eq 'Failed')
            $failed.UserName | Should -Be @('u1@acme.example', 'renamed@acme.example')
            $failed.Error | ForEach-Object { $_ | Should -Match "Rows 1 and 2 have the same externalId 'ext-1'" }
            ($results | Where-Object UserName -eq 'u2@acme.example').Action | Should -Be 'Unchanged'
            "$warnings" | Should -Match 'Deprovision Disable was skipped'
            $errs[-1].FullyQualifiedErrorId | Should -BeLike 'ScimSyncItemsFailed*'
            Get-SafeWrites | Should -BeNullOrEmpty
            $u1 = Get-SafeUsers | Where-Object externalId -eq 'ext-1'
            $u1.userName | Should -Be 'u1@acme.example'
            $u1.department | Should -Be 'Sales'
            (Get-SafeUsers).active | Should -Not -Contain $false -Because 'u3 is absent, but deprovisioning must not run while the input is ambiguous'
        }

        It 'fails two rows that match one server user, one by externalId and one by userName' {
            Reset-Tenant 2
            $rows = (Row 'renamed@acme.example' 'ext-1'), (Row 'u1@acme.example' '' 'Finance'), (Row 'u2@acme.example' 'ext-2')
            $results = $rows | Sync-ZiaScimUser -Connection $sconn -Deprovision Disable -Confirm:$false -ErrorAction SilentlyContinue 3>$null
            $failed = @($results | Where-Object Action -eq 'Failed')
            $failed.UserName | Should -Be @('renamed@acme.example', 'u1@acme.example')
            $failed[0].Error | Should -Match "Rows 1 and 2 match the same server user 'u1@acme.example'"
            Get-SafeWrites | Should -BeNullOrEmpty
            $u1 = Get-SafeUsers | Where-Object externalId -eq 'ext-1'
            $u1.userName | Should -Be 'u1@acme.example'
            $u1.department | Should -Be 'Sales'
        }

        It 'fails every row of a repeated userName instead of picking one' {
            Reset-Tenant 1
            $rows = (Row 'u1@acme.example' '' 'Finance'), (Row 'U1@acme.example' '' 'Legal')
            $results = $rows | Sync-ZiaScimUser -Connection $sconn -Confirm:$false -ErrorAction SilentlyContinue
            $results.Action | Should -Be @('Failed', 'Failed')
            $results[0].Error | Should -Match "Rows 1 and 2 have the same userName"
            Get-SafeWrites | Should -BeNullOrEmpty
            (Get-SafeUsers).department | Should -Be 'Sales'
        }
    }

    Context 'deprovisioning limit (item 9)' {
        It 'holds back a deprovisioning of more than 10 users by default, says how many and how to allow it, and writes the rest' {
            Reset-Tenant 30
            $rows = @(1..5 | ForEach-Object { Row "u$_@acme.example" "ext-$_" }) + (Row 'joiner@acme.example' 'ext-new')
            $results = $rows | Sync-ZiaScimUser -Connection $sconn -Deprovision Disable -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue -InformationVariable info
            $limit = @($errs | Where-Object FullyQualifiedErrorId -like 'ScimDeprovisionLimitExceeded*')
            $limit.Count | Should -Be 1
            $limit[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
            $limit[0].Exception.Message | Should -Match 'would disable 25 user'
            $limit[0].Exception.Message | Should -Match '-DeprovisionLimit 25'
            ($results | Where-Object UserName -eq 'joiner@acme.example').Action | Should -Be 'Created'
            $results.Action | Should -Not -Contain 'Disabled'
            (Get-SafeUsers).active | Should -Not -Contain $false
            "$info" | Should -Match '25 held back by -DeprovisionLimit'
        }

        It 'shows the held-back deprovisioning under -WhatIf and writes nothing' {
            Reset-Tenant 30
            $rows = 1..5 | ForEach-Object { Row "u$_@acme.example" "ext-$_" }
            $rows | Sync-ZiaScimUser -Connection $sconn -Deprovision Delete -WhatIf -ErrorVariable errs -ErrorAction SilentlyContinue | Out-Null
            @($errs | Where-Object FullyQualifiedErrorId -like 'ScimDeprovisionLimitExceeded*').Count | Should -Be 1
            $errs[0].Exception.Message | Should -Match 'would delete 25 user'
            Get-SafeWrites | Should -BeNullOrEmpty
        }

        It 'deprovisions up to -DeprovisionLimit users' {
            Reset-Tenant 30
            $rows = 1..5 | ForEach-Object { Row "u$_@acme.example" "ext-$_" }
            $results = $rows | Sync-ZiaScimUser -Connection $sconn -Deprovision Disable -DeprovisionLimit 25 -Confirm:$false -ErrorVariable errs
            $errs | Should -BeNullOrEmpty
            @($results | Where-Object Action -eq 'Disabled').Count | Should -Be 25
            @(Get-SafeUsers | Where-Object active -eq $false).Count | Should -Be 25
        }

        It 'allows up to 5% of a larger tenant by default' {
            Reset-Tenant 400
            $rows = 1..380 | ForEach-Object { Row "u$_@acme.example" "ext-$_" }
            $results = $rows | Sync-ZiaScimUser -Connection $sconn -Deprovision Disable -Confirm:$false -ErrorVariable errs
            $errs | Should -BeNullOrEmpty
            @($results | Where-Object Action -eq 'Disabled').Count | Should -Be 20
        }
    }

    Context 'unattended runs (item 10)' {
        BeforeAll {
            $token = ((Invoke-ZiaEmulator $safe 'state').active.idps | Where-Object id -eq $safeIdp.Id).scimSharedSecret
            $work = Join-Path ([IO.Path]::GetTempPath()) "zss-nightly-$PID"
            New-Item -ItemType Directory -Path $work -Force | Out-Null
            $tokenFile = Join-Path $work 'scim-token.clixml'
            [pscredential]::new('ZiaScim', (ConvertTo-SecureString $token -AsPlainText -Force)) | Export-Clixml -Path $tokenFile

            # Example 1 of the help as written; only what ties it to one machine (paths, the AD module, the
            # tenant, the 500-user floor) is replaced, and each replacement must find its text exactly once.
            $help = Get-Content (Join-Path $repoRoot 'docs/help/Sync-ZiaScimUser.md') -Raw
            $example = [regex]::Match($help, '(?s)### Example 1:.*?```powershell\r?\n(.*?)```').Groups[1].Value
            $replace = [ordered]@{
                '#Requires -Modules ActiveDirectory, ZscalerScim' = ''
                'Import-Module ActiveDirectory' = 'function Get-ADUser { param($Filter, $SearchBase, $Properties) Import-Csv $env:ZSS_STAFF }'
                'Import-Module ZscalerScim' = 'Import-Module $env:ZSCALERSCIM_MODULE'
                "'C:\ProgramData\ZscalerScim\Logs'" = '$env:ZSS_LOGS'
                "'C:\ProgramData\ZscalerScim\scim-token.clixml'" = '$env:ZSS_TOKEN'
                "'https://scim.zscalertwo.net/24326813/71234/scim'" = '$env:ZSS_SCIM_URL'
                '-lt 500' = '-lt 10'
            }
            foreach ($from in $replace.Keys) {
                $parts = $example -split [regex]::Escape($from)
                if ($parts.Count -ne 2) { throw "Example 1 should contain '$from' exactly once." }
                $example = $parts -join $replace[$from]
            }
            $script = Join-Path $work 'Sync-ZiaScimUsers.ps1'
            Set-Content -Path $script -Value $example

            function Invoke-Nightly([string] $Script, [object[]] $Staff) {
                $logs = Join-Path $work "logs-$([guid]::NewGuid())"
                New-Item -ItemType Directory -Path $logs | Out-Null
                $staffFile = Join-Path $work 'staff.csv'
                $Staff | Export-Csv -Path $staffFile -NoTypeInformation
                $env:ZSS_STAFF = $staffFile; $env:ZSS_LOGS = $logs; $env:ZSS_TOKEN = $tokenFile; $env:ZSS_SCIM_URL = "$($sconn.BaseUrl)"
                Push-Location $repoRoot
                try { $output = & dotnet pwsh -NoProfile -NonInteractive -File $Script 2>&1; $code = $LASTEXITCODE }
                finally { Pop-Location }
                $reportFile = Get-ChildItem $logs -Filter 'sync-*.csv' | Select-Object -First 1
                [pscustomobject]@{
                    ExitCode = $code
                    # Plain text: colour escapes would also break the NUnit report of a failure that quotes it.
                    Output   = "$output" -replace '\x1b\[[0-9;]*[A-Za-z]', ''
                    Report   = if ($reportFile) { @(Import-Csv $reportFile.FullName) } else { $null }
                    Summary  = Get-Content (Join-Path $logs 'sync-summary.log') -Raw -ErrorAction Ignore
                }
            }
            function AdUser([int] $n, [string] $UserName = "u$n@acme.example") {
                [pscustomobject]@{ UserPrincipalName = $UserName; ObjectGUID = "ext-$n"; Department = 'Sales'; Enabled = 'True' }
            }
        }
        AfterAll { Remove-Item $work -Recurse -Force -ErrorAction Ignore }

        It 'the scheduled-task script of example 1 writes its report on a night with a joiner, a leaver and a failure' {
            Reset-Tenant 12
            $staff = @(1..11 | ForEach-Object { AdUser $_ }) + (AdUser 13) + (AdUser 14 'bad@elsewhere.example')
            $night = Invoke-Nightly $script $staff
            $night.ExitCode | Should -Be 1 -Because "a user failed; output: $($night.Output)"
            $night.Report | Should -Not -BeNullOrEmpty -Because "the report must be written; output: $($night.Output)"
            ($night.Report | Where-Object UserName -eq 'u13@acme.example').Action | Should -Be 'Created'
            ($night.Report | Where-Object UserName -eq 'u12@acme.example').Action | Should -Be 'Disabled'
            ($night.Report | Where-Object UserName -eq 'bad@elsewhere.example').Action | Should -Be 'Failed'
            @($night.Report | Where-Object Action -eq 'Unchanged').Count | Should -Be 11
            $night.Summary | Should -Match '1 created, 11 unchanged, 1 disabled, 1 failed'
            (Get-SafeUsers | Where-Object userName -eq 'u12@acme.example').active | Should -BeFalse
        }

        It 'the script of example 1 exits 0 on a quiet night' {
            Reset-Tenant 12
            $night = Invoke-Nightly $script @(1..12 | ForEach-Object { AdUser $_ })
            $night.ExitCode | Should -Be 0 -Because "output: $($night.Output)"
            @($night.Report | Where-Object Action -eq 'Unchanged').Count | Should -Be 12
        }

        It 'the script of example 1 holds back a mass deprovisioning, still creates the joiners and reports it' {
            Reset-Tenant 40
            $staff = @(1..20 | ForEach-Object { AdUser $_ }) + (AdUser 41)
            $night = Invoke-Nightly $script $staff
            $night.ExitCode | Should -Be 1 -Because "output: $($night.Output)"
            $night.Summary | Should -Match 'ScimDeprovisionLimitExceeded'
            $night.Summary | Should -Match 'would disable 20 user'
            $night.Summary | Should -Match '-DeprovisionLimit 20'
            ($night.Report | Where-Object UserName -eq 'u41@acme.example').Action | Should -Be 'Created'
            (Get-SafeUsers).active | Should -Not -Contain $false
        }

        It 'without -Confirm:$false, a non-interactive run still creates the joiners and skips only the deprovisioning' {
            Reset-Tenant 3
            $bare = Join-Path $work 'bare.ps1'
            Set-Content -Path $bare -Value @'
$ErrorActionPreference = 'Stop'
$ErrorView = 'NormalView'
Import-Module $env:ZSCALERSCIM_MODULE
Connect-ZiaScim -BaseUrl $env:ZSS_SCIM_URL -BearerToken (Import-Clixml -Path $env:ZSS_TOKEN).Password
Import-Csv $env:ZSS_STAFF | Sync-ZiaScimUser -Deprovision Disable
'@
            $night = Invoke-Nightly $bare @((AdUser 1), (AdUser 2), (AdUser 4))
            $night.ExitCode | Should -Not -Be 0
            $night.Output | Should -Match 'ZiaConfirmationRequired'
            $night.Output | Should -Match 'Confirm:\$false'
            (Get-SafeUsers | Where-Object userName -eq 'u4@acme.example') | Should -Not -BeNullOrEmpty -Because 'the joiner is created'
            (Get-SafeUsers | Where-Object userName -eq 'u3@acme.example').active | Should -BeTrue -Because 'the leaver needs the confirmation'
        }
    }

    Context 'results of a CSV sync (item 20)' {
        It "shows each failure's reason in the default table at 120 columns, and the counts in the error" {
            Reset-Tenant 1
            $rows = (Row 'u1@acme.example' '' 'Finance'), (Row 'U1@acme.example' '' 'Legal'), (Row 'fresh.joiner.with.a.long.name@acme.example')
            $results = $rows | Sync-ZiaScimUser -Connection $sconn -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
            $table = $results | Out-String -Width 120
            $table | Should -Match 'Error'
            # The reason, not an ellipsis: Error is the last column and wraps.
            ($table -replace '\s+', ' ') | Should -Match 'Rows 1 and 2 have the same userName'
            $table -split "`n" | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual 120 }
            $errs[-1].Exception.Message | Should -Match '2 user\(s\) failed; the rest: 1 created'
            (Get-SafeUsers).userName | Should -Contain 'fresh.joiner.with.a.long.name@acme.example'
        }

        It 'refuses an input without a userName column once, before reading or writing anything' {
            Reset-Tenant 2
            $csv = "mail,dept`nu1@acme.example,Sales`nu2@acme.example,IT" | ConvertFrom-Csv
            $err = { $csv | Sync-ZiaScimUser -Connection $sconn -Deprovision Disable -Confirm:$false -ErrorAction Stop } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -BeLike 'ScimSyncNoUserNameProperty*'
            $err.CategoryInfo.Category | Should -Be 'InvalidData'
            $err.Exception.Message | Should -Match 'mail, dept'
            $err.Exception.Message | Should -Match 'AttributeMap'
            Get-SafeScimRequests | Should -BeNullOrEmpty
        }

        It 'names an unreadable row by its userName and number, and a nameless row by its number' {
            Reset-Tenant 1
            $csv = "userName,active`nu1@acme.example,maybe`n,true`nu2@acme.example,true" | ConvertFrom-Csv
            $results = $csv | Sync-ZiaScimUser -Connection $sconn -Confirm:$false -ErrorAction SilentlyContinue
            $failed = @($results | Where-Object Action -eq 'Failed')
            $failed.UserName | Should -Be @('u1@acme.example', '(row 2)')
            $failed.UserName | ForEach-Object { $_ | Should -BeOfType [string] }
            $failed[0].Error | Should -Match "^Row 1: 'maybe' is not a value for active"
            $failed[1].Error | Should -Match '^Row 2 has no userName'
            ($results | Where-Object UserName -eq 'u2@acme.example').Action | Should -Be 'Created'
        }

        It 'names a row whose -AttributeMap script block fails by its userName and number' {
            Reset-Tenant 0
            $results = Row 'u1@acme.example' | Sync-ZiaScimUser -Connection $sconn -AttributeMap @{ department = { throw 'no such cost center' } } -Confirm:$false -ErrorAction SilentlyContinue
            $results.Action | Should -Be 'Failed'
            $results.UserName | Should -Be 'u1@acme.example'
            $results.Error | Should -Be 'Row 1: department could not be read: no such cost center'
            Get-SafeWrites | Should -BeNullOrEmpty
        }

        It 'shows what a refused create attempted, and does not claim the others were synced' {
            Reset-Tenant 0
            $results = Row 'bad@elsewhere.example' | Sync-ZiaScimUser -Connection $sconn -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue -RegisteredDomain elsewhere.example
            $results.Action | Should -Be 'Failed'
            $results.Changes | Should -Not -Contain 'created'
            $results.Changes | Should -Contain "userName: '' -> 'bad@elsewhere.example'"
            $results.Changes | Should -Contain "department: '' -> 'Sales'"
            $errs[-1].FullyQualifiedErrorId | Should -BeLike 'ScimSyncItemsFailed*'
            $errs[-1].Exception.Message | Should -Not -Match 'the others were synced'
            $errs[-1].Exception.Message | Should -Match 'no other user'
        }
    }
}

Describe 'Sync time estimate and -MaxDuration (issue 23)' {
    BeforeAll {
        $timed = Start-ZiaEmulator
        Connect-Zia -BaseUri $timed.BaseUri -Credential $timed.Credential -ApiKey $timed.ApiKey
        $timedIdp = Get-ZiaIdentityProvider 'Entra ID'
        $tconn = Connect-ZiaScim -IdentityProvider $timedIdp -RequestsPerSecond 5 -PassThru
        function Get-TimedUsers { @(Invoke-ZiaEmulator $timed "scim/$($timedIdp.Id)/users") }
        function Get-TimedGroups { @(Invoke-ZiaEmulator $timed "scim/$($timedIdp.Id)/groups") }
        function Get-TimedWrites { @(Get-ZiaEmulatorRequest $timed | Where-Object { $_.path -like "/$($timed.OrgId)/*" -and $_.method -ne 'GET' }) }
        function Reset-Timed([bool] $Bulk) {
            Invoke-ZiaEmulator $timed "scim/$($timedIdp.Id)" -Method DELETE | Out-Null
            Invoke-ZiaEmulator $timed 'scim/config' -Method PUT -Body @{ bulkEnabled = $Bulk } | Out-Null
            Invoke-ZiaEmulator $timed 'requests' -Method DELETE | Out-Null
        }
        function Rows([int] $Count) {
            1..$Count | ForEach-Object { [pscustomobject]@{ userName = "t$_@acme.example"; givenName = 'T'; familyName = "$_"; email = "t$_@acme.example" } }
        }
    }
    AfterAll { Stop-ZiaEmulator $timed }

    It 'says under -WhatIf how long the writes take at the connection''s rate, one request a change without Bulk' {
        Reset-Timed $false
        # A fresh connection reads the server's capabilities anew (Bulk now off).
        $conn = Connect-ZiaScim -IdentityProvider $timedIdp -RequestsPerSecond 5 -PassThru
        Rows 30 | Sync-ZiaScimUser -Connection $conn -WhatIf -InformationVariable info | Should -BeNullOrEmpty
        $estimate = @($info | Where-Object { $_.Tags -contains 'ZscalerScimSyncEstimate' })
        $estimate.Count | Should -Be 1
        "$($estimate[0].MessageData)" | Should -Be 'Sync-ZiaScimUser: 30 change(s) in at least 30 request(s) (no Bulk): about 6 s at 5 request(s) a second.'
        Get-TimedUsers | Should -BeNullOrEmpty
        Get-TimedWrites | Should -BeNullOrEmpty
    }

    It 'groups the changes by Bulk''s maxOperations when the server offers Bulk' {
        Reset-Timed $true
        $conn = Connect-ZiaScim -IdentityProvider $timedIdp -RequestsPerSecond 5 -PassThru
        Rows 250 | Sync-ZiaScimUser -Connection $conn -WhatIf -InformationVariable info | Out-Null
        "$(($info | Where-Object { $_.Tags -contains 'ZscalerScimSyncEstimate' }).MessageData)" |
            Should -Be 'Sync-ZiaScimUser: 250 change(s) in at least 3 request(s) (Bulk, up to 100 a request): about 1 s at 5 request(s) a second.'
        Get-TimedUsers | Should -BeNullOrEmpty
    }

    It 'refuses a plan longer than -MaxDuration before writing anything, naming the estimate and the limit' {
        Reset-Timed $false
        $conn = Connect-ZiaScim -IdentityProvider $timedIdp -RequestsPerSecond 5 -PassThru
        $err = $null
        try { Rows 10 | Sync-ZiaScimUser -Connection $conn -MaxDuration '00:00:01' -Confirm:$false -ErrorAction Stop } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeLike 'ScimSyncExceedsMaxDuration*'
        $err.CategoryInfo.Category | Should -Be 'LimitsExceeded'
        "$($err.TargetObject)" | Should -Be "$($conn.BaseUrl)"
        $err.Exception.Message | Should -Match 'about 2 s \(10 change\(s\) in at least 10 request\(s\)'
        $err.Exception.Message | Should -Match '-MaxDuration 1 s'
        $err.Exception.Message | Should -Match 'nothing was written'
        Get-TimedUsers | Should -BeNullOrEmpty
        Get-TimedWrites | Should -BeNullOrEmpty
    }

    It 'writes a plan that fits in -MaxDuration' {
        Reset-Timed $false
        $conn = Connect-ZiaScim -IdentityProvider $timedIdp -RequestsPerSecond 5 -PassThru
        $results = Rows 10 | Sync-ZiaScimUser -Connection $conn -MaxDuration (New-TimeSpan -Minutes 1) -Confirm:$false
        @($results | Where-Object Action -eq 'Created').Count | Should -Be 10
        @(Get-TimedUsers).Count | Should -Be 10
    }

    It 'refuses a group plan longer than -MaxDuration before writing anything' {
        Reset-Timed $false
        $conn = Connect-ZiaScim -IdentityProvider $timedIdp -RequestsPerSecond 5 -PassThru
        $groups = 1..10 | ForEach-Object { [pscustomobject]@{ DisplayName = "Timed $_" } }
        { $groups | Sync-ZiaScimGroup -Connection $conn -MaxDuration '00:00:01' -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'ScimSyncExceedsMaxDuration*'
        Get-TimedGroups | Should -BeNullOrEmpty
        Get-TimedWrites | Should -BeNullOrEmpty
    }

    It 'refuses a -MaxDuration of zero before reading the server' {
        { Rows 1 | Sync-ZiaScimUser -Connection $tconn -MaxDuration 0 -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'ScimInvalidMaxDuration*'
    }
}
