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
        $results = $rows | Sync-ZiaScimUser -Connection $conn -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
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
        @(Get-ZiaEmulatorRequest $small | Where-Object method -eq 'PATCH').Count | Should -Be 1

        ([pscustomobject]@{ DisplayName = 'Engineering'; Members = @('m2@acme.example', 'm3@acme.example') } | Sync-ZiaScimGroup -Connection $conn -Confirm:$false).Action | Should -Be 'Unchanged'
    }

    It 'removes no member when some wanted members are unknown' {
        $result = [pscustomobject]@{ DisplayName = 'Engineering'; Members = 'm2;m3' } | Sync-ZiaScimGroup -Connection $conn -Confirm:$false -ErrorAction SilentlyContinue
        $result.MembersRemoved | Should -BeNullOrEmpty
        $result.Error | Should -Match 'no member was removed'
        (Get-ZiaScimGroup 'Engineering' -Connection $conn).MemberCount | Should -Be 2
    }

    It 'refuses to delete every group on an empty input' {
        { @() | Sync-ZiaScimGroup -Connection $conn -Deprovision Delete -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'ScimSyncEmptyInput*'
        @(Get-ZiaScimGroup -Connection $conn).Count | Should -BeGreaterThan 0
    }
}
