# Issue 20: Sync-ZiaScimGroup deletes no more groups than -DeprovisionLimit allows (as Sync-ZiaScimUser), and refuses
# source rows that share an ExternalId or match one server group, touching none of the groups involved.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emulator = Start-ZiaEmulator
    Connect-TestZia $emulator | Out-Null
    $idp = Get-ZiaIdentityProvider 'Entra ID'
    $conn = Connect-ZiaScim -IdentityProvider $idp -PassThru
    Invoke-ZiaEmulator $emulator 'scim/config' -Method PUT -Body @{ rateLimit = $false } | Out-Null

    function Get-Groups { @(Invoke-ZiaEmulator $emulator "scim/$($idp.Id)/groups") }
    function Get-Writes { @(Get-ZiaEmulatorRequest $emulator | Where-Object { $_.path -like "/$($emulator.OrgId)/*" -and $_.method -in 'POST', 'PUT', 'PATCH', 'DELETE' }) }
    # A fresh tenant with users u1, u2 and the groups g1..gN (externalId G<i>, no members), and no request logged.
    function Reset-Tenant([int] $Count, [object[]] $Groups = @()) {
        Invoke-ZiaEmulator $emulator "scim/$($idp.Id)" -Method DELETE | Out-Null
        Invoke-ZiaEmulator $emulator "scim/$($idp.Id)/users" -Method POST -Body @(@{ userName = 'u1@acme.example' }, @{ userName = 'u2@acme.example' }) | Out-Null
        $seed = @($Groups)
        if ($Count -gt 0) { $seed += @(1..$Count | ForEach-Object { @{ displayName = "g$_"; externalId = "G$_" } }) }
        if ($seed.Count -gt 0) { Invoke-ZiaEmulator $emulator "scim/$($idp.Id)/groups" -Method POST -Body $seed | Out-Null }
        Invoke-ZiaEmulator $emulator 'requests' -Method DELETE | Out-Null
    }
    function Invoke-Sync([object[]] $Rows, [hashtable] $Extra = @{}) {
        $warnings = $null; $errs = $null; $info = $null
        $results = $Rows | Sync-ZiaScimGroup -Connection $conn -Confirm:$false -WarningVariable warnings -ErrorVariable errs -InformationVariable info -ErrorAction SilentlyContinue @Extra 3>$null 6>$null
        [pscustomobject]@{ Results = @($results); Warnings = @($warnings | ForEach-Object { "$_" }); Errors = @($errs); Info = "$info" }
    }
    function Row([string] $DisplayName, [string] $ExternalId, [string] $Members) {
        $row = [ordered]@{ DisplayName = $DisplayName }
        if ($ExternalId) { $row.ExternalId = $ExternalId }
        if ($Members) { $row.Members = $Members }
        [pscustomobject]$row
    }
}

AfterAll {
    Stop-ZiaEmulator $emulator
}

Describe 'Sync-ZiaScimGroup -Deprovision Delete has a limit (item 2)' {
    It 'holds back deleting 30 of 31 groups, says how many and how to allow it, and still writes the rest' {
        Reset-Tenant 31
        $run = Invoke-Sync @((Row 'g1' 'G1' 'u1@acme.example'), (Row 'New' 'N1')) @{ Deprovision = 'Delete' }
        $limit = @($run.Errors | Where-Object FullyQualifiedErrorId -like 'ScimDeprovisionLimitExceeded*')
        $limit.Count | Should -Be 1
        $limit[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
        $limit[0].TargetObject | Should -Be $conn.BaseUrl
        $limit[0].Exception.Message | Should -Match 'would delete 30 group\(s\)'
        $limit[0].Exception.Message | Should -Match 'the limit of 10 \(by default the larger of 10 and 5% of the 31 groups on the server\)'
        $limit[0].Exception.Message | Should -Match 'run again with -DeprovisionLimit 30'
        $run.Results.Action | Should -Not -Contain 'Deleted'
        ($run.Results | Where-Object DisplayName -eq 'g1').Action | Should -Be 'Updated'
        ($run.Results | Where-Object DisplayName -eq 'New').Action | Should -Be 'Created'
        $run.Info | Should -Match '30 held back by -DeprovisionLimit'
        @(Get-Writes | Where-Object method -eq 'DELETE').Count | Should -Be 0
        @(Get-Groups).Count | Should -Be 32
    }

    It 'shows the held-back deletion under -WhatIf and writes nothing' {
        Reset-Tenant 31
        Row 'g1' 'G1' | Sync-ZiaScimGroup -Connection $conn -Deprovision Delete -WhatIf -ErrorVariable errs -ErrorAction SilentlyContinue 6>$null | Out-Null
        @($errs | Where-Object FullyQualifiedErrorId -like 'ScimDeprovisionLimitExceeded*').Count | Should -Be 1
        Get-Writes | Should -BeNullOrEmpty
    }

    It 'deletes up to -DeprovisionLimit groups, and -DeprovisionLimit 0 deletes none' {
        Reset-Tenant 31
        $run = Invoke-Sync @(Row 'g1' 'G1') @{ Deprovision = 'Delete'; DeprovisionLimit = 29 }
        @($run.Errors | Where-Object FullyQualifiedErrorId -like 'ScimDeprovisionLimitExceeded*')[0].Exception.Message | Should -Match 'more than -DeprovisionLimit 29'
        @(Get-Groups).Count | Should -Be 31

        $run = Invoke-Sync @(Row 'g1' 'G1') @{ Deprovision = 'Delete'; DeprovisionLimit = 30 }
        $run.Errors | Should -BeNullOrEmpty
        @($run.Results | Where-Object Action -eq 'Deleted').Count | Should -Be 30
        (Get-Groups).displayName | Should -Be @('g1')

        Reset-Tenant 2
        $run = Invoke-Sync @(Row 'g1' 'G1') @{ Deprovision = 'Delete'; DeprovisionLimit = 0 }
        @($run.Errors | Where-Object FullyQualifiedErrorId -like 'ScimDeprovisionLimitExceeded*').Count | Should -Be 1
        @(Get-Groups).Count | Should -Be 2
    }

    It 'deletes up to 10 groups by default, and 5% of a larger tenant' {
        Reset-Tenant 11
        $run = Invoke-Sync @(Row 'g1' 'G1') @{ Deprovision = 'Delete' }
        $run.Errors | Should -BeNullOrEmpty
        (Get-Groups).displayName | Should -Be @('g1')

        Reset-Tenant 240
        $run = Invoke-Sync @(1..228 | ForEach-Object { Row "g$_" "G$_" }) @{ Deprovision = 'Delete' }
        $run.Errors | Should -BeNullOrEmpty
        @($run.Results | Where-Object Action -eq 'Deleted').Count | Should -Be 12
        @(Get-Groups).Count | Should -Be 228
    }
}

Describe 'Sync-ZiaScimGroup refuses rows that share an ExternalId (item 7)' {
    It 'fails both rows, touches neither group, deletes nothing, and says why' {
        Reset-Tenant 0 -Groups @(@{ displayName = 'Eng'; externalId = 'G1' }, @{ displayName = 'Marketing'; externalId = 'G2' }, @{ displayName = 'Old'; externalId = 'G9' })
        $ids = @{}; Get-Groups | ForEach-Object { $ids[$_.displayName] = $_.id }
        $u1 = (Get-ZiaScimUser 'u1@acme.example' -Connection $conn).Id
        $u2 = (Get-ZiaScimUser 'u2@acme.example' -Connection $conn).Id
        Add-ZiaScimGroupMember -Group 'Eng' -Member 'u1@acme.example' -Connection $conn -Confirm:$false
        Add-ZiaScimGroupMember -Group 'Marketing' -Member 'u2@acme.example' -Connection $conn -Confirm:$false
        Invoke-ZiaEmulator $emulator 'requests' -Method DELETE | Out-Null

        $run = Invoke-Sync @((Row 'Eng' 'G1' 'u1@acme.example'), (Row 'Marketing' 'G1' 'u2@acme.example')) @{ Deprovision = 'Delete' }
        $run.Results.Action | Should -Be @('Failed', 'Failed')
        $run.Results.DisplayName | Should -Be @('Eng', 'Marketing')
        $run.Results | ForEach-Object { $_.Error | Should -Match "Rows 1 and 2 have the same ExternalId 'G1'" }
        $run.Results | ForEach-Object { $_.Id | Should -BeNullOrEmpty }
        "$($run.Warnings)" | Should -Match 'Deprovision Delete was skipped'
        $failed = @($run.Errors | Where-Object FullyQualifiedErrorId -like 'ScimSyncItemsFailed*')
        $failed.Count | Should -Be 1
        "$($failed[0])" | Should -Match '2 group\(s\) failed, and no other group was synced'
        # The default table keeps the reason visible at 120 columns (Error is last and wraps).
        (($run.Results | Out-String -Width 120) -replace '\s+', ' ') | Should -Match "Rows 1 and 2 have the same ExternalId 'G1'"
        Get-Writes | Should -BeNullOrEmpty
        $groups = Get-Groups
        @($groups).Count | Should -Be 3
        @(($groups | Where-Object id -eq $ids['Eng']).members.value) | Should -Be @($u1)
        @(($groups | Where-Object id -eq $ids['Marketing']).members.value) | Should -Be @($u2)
        ($groups | Where-Object id -eq $ids['Marketing']).displayName | Should -Be 'Marketing'
        ($groups | Where-Object id -eq $ids['Eng']).displayName | Should -Be 'Eng'
    }

    It 'fails two rows that match one server group, one by ExternalId and one by name' {
        Reset-Tenant 0 -Groups @(@{ displayName = 'Eng'; externalId = 'G1' })
        $run = Invoke-Sync @((Row 'Engineering' 'G1' 'u1@acme.example'), (Row 'Eng' '' 'u2@acme.example'), (Row 'Other' 'G3'))
        ($run.Results | Where-Object Action -eq 'Failed').DisplayName | Should -Be @('Engineering', 'Eng')
        ($run.Results | Where-Object DisplayName -eq 'Eng').Error | Should -Match "Rows 1 and 2 match the same server group 'Eng'"
        ($run.Results | Where-Object DisplayName -eq 'Other').Action | Should -Be 'Created'
        @(Get-Writes | Where-Object method -ne 'POST').Count | Should -Be 0
        @((Get-Groups | Where-Object displayName -eq 'Eng').members).Count | Should -Be 0
    }
}

Describe 'Members pasted from a spreadsheet (low)' {
    It 'takes a Members cell with one userName a line (Alt+Enter in Excel) as those users' {
        Reset-Tenant 0
        $run = Invoke-Sync @(Row 'Lines' '' "u1@acme.example`r`nu2@acme.example`n")
        $run.Results.Action | Should -Be 'Created'
        $run.Results.Error | Should -BeNullOrEmpty
        $run.Results.MembersAdded | Should -Be @('u1@acme.example', 'u2@acme.example')
        @((Get-Groups).members).Count | Should -Be 2
    }
}

# Issue 23 item 3: a membership change goes out in PATCHes of at most 100 members (FastFed Enterprise SCIM Profile
# 1.0 §3.1.2: the membership changes every SCIM service accepts in one PATCH), and a failure part-way says what was written.
Describe 'Sync-ZiaScimGroup splits large membership changes (issue 23)' {
    BeforeAll {
        # Users b1..b250, and the group 'Big' (externalId B) holding b1..b120.
        function Reset-BigTenant([switch] $NoGroup) {
            Invoke-ZiaEmulator $emulator "scim/$($idp.Id)" -Method DELETE | Out-Null
            Invoke-ZiaEmulator $emulator 'faults' -Method DELETE | Out-Null
            Invoke-ZiaEmulator $emulator "scim/$($idp.Id)/users" -Method POST -Body @(1..250 | ForEach-Object { @{ userName = "b$_@acme.example" } }) | Out-Null
            $script:ids = @{}; $script:names = @{}
            Invoke-ZiaEmulator $emulator "scim/$($idp.Id)/users" | ForEach-Object { $script:ids[$_.userName] = $_.id; $script:names[$_.id] = $_.userName }
            if (-not $NoGroup) {
                $members = @(1..120 | ForEach-Object { @{ value = $script:ids["b$_@acme.example"] } })
                Invoke-ZiaEmulator $emulator "scim/$($idp.Id)/groups" -Method POST -Body @(@{ displayName = 'Big'; externalId = 'B'; members = $members }) | Out-Null
            }
            Invoke-ZiaEmulator $emulator 'requests' -Method DELETE | Out-Null
        }
        function Names([int[]] $Range) { @($Range | ForEach-Object { "b$_@acme.example" }) }
        function Members-Of([string] $Name) { @((Get-Groups | Where-Object displayName -eq $Name).members.value | ForEach-Object { $script:names[$_] } | Sort-Object) }
        function Sorted([string[]] $Names) { @($Names | Sort-Object) }
    }

    It 'adds 130 and removes 60 members of a group in two PATCHes, and the server holds the wanted members' {
        Reset-BigTenant
        $run = Invoke-Sync @(Row 'Big' 'B' ((Names (61..250)) -join ';'))
        $run.Results.Action | Should -Be 'Updated'
        $run.Results.Error | Should -BeNullOrEmpty
        @($run.Results.MembersAdded).Count | Should -Be 130
        @($run.Results.MembersRemoved).Count | Should -Be 60
        @(Get-Writes | Where-Object method -eq 'PATCH').Count | Should -Be 2
        @(Get-Writes).Count | Should -Be 2
        Members-Of 'Big' | Should -Be (Sorted (Names (61..250)))
    }

    It 'creates a group of 250 members with the first 100, then adds the rest in PATCHes of 100 and 50' {
        Reset-BigTenant -NoGroup
        $run = Invoke-Sync @(Row 'New' 'N' ((Names (1..250)) -join ';'))
        $run.Results.Action | Should -Be 'Created'
        @($run.Results.MembersAdded).Count | Should -Be 250
        @(Get-Writes).method | Should -Be @('POST', 'PATCH', 'PATCH')
        Members-Of 'New' | Should -Be (Sorted (Names (1..250)))
    }

    It 'estimates the requests before writing: a large group its own requests, one a further 100 members; the small ones Bulk operations' {
        Reset-BigTenant -NoGroup
        $rows = @((Row 'New' 'N' ((Names (1..250)) -join ';')), (Row 'S1' 'S1' 'b1@acme.example'), (Row 'S2' 'S2' 'b2@acme.example'), (Row 'S3' 'S3' 'b3@acme.example'))
        $info = $null
        $rows | Sync-ZiaScimGroup -Connection $conn -WhatIf -InformationVariable info 6>$null | Out-Null
        $estimate = @($info | Where-Object { $_.Tags -contains 'ZscalerScimSyncEstimate' })
        $estimate.Count | Should -Be 1
        "$($estimate[0].MessageData)" | Should -Match '4 change\(s\) in at least 4 request\(s\) \(Bulk, up to 100 groups a request; members 100 a request\)'

        # A server without Bulk: one request a group (new connection: the capabilities are read once a connection).
        Invoke-ZiaEmulator $emulator 'scim/config' -Method PUT -Body @{ bulkEnabled = $false } | Out-Null
        try {
            $plain = Connect-ZiaScim -IdentityProvider $idp -PassThru
            $info = $null
            $rows | Sync-ZiaScimGroup -Connection $plain -WhatIf -InformationVariable info 6>$null | Out-Null
            "$(@($info | Where-Object { $_.Tags -contains 'ZscalerScimSyncEstimate' })[0].MessageData)" | Should -Match '4 change\(s\) in at least 6 request\(s\) \(no Bulk; members 100 a request\)'
        }
        finally {
            Invoke-ZiaEmulator $emulator 'scim/config' -Method PUT -Body @{ bulkEnabled = $true } | Out-Null
        }
        Get-Writes | Should -BeNullOrEmpty
    }

    It 'reports a failure on the second PATCH of an update truthfully: what was added, and what was neither added nor removed' {
        Reset-BigTenant
        Set-ZiaEmulatorFault $emulator -Kind readOnly -Method PATCH -Path "/$($emulator.OrgId)/$($idp.Id)/scim/Groups" -Every 2 -Count 1
        $run = Invoke-Sync @(Row 'Big' 'B' ((Names (61..250)) -join ';'))
        $result = $run.Results[0]
        $result.Action | Should -Be 'Failed'
        $result.Id | Should -Not -BeNullOrEmpty
        # The first PATCH added b121..b220; the second (b221..b250 in, b1..b60 out) was refused.
        @($result.MembersAdded) | Should -Be (Names (121..220))
        $result.MembersRemoved.Count | Should -Be 0
        $result.Error | Should -Match '100 of 130 member\(s\) added and 0 of 60 removed'
        $result.Error | Should -Match 'Not added: b221@acme\.example, .*b250@acme\.example'
        $result.Error | Should -Match 'not removed: b1@acme\.example, .*b60@acme\.example'
        @(Get-Writes | Where-Object method -eq 'PATCH').Count | Should -Be 2
        Members-Of 'Big' | Should -Be (Sorted (Names (1..220)))
        @($run.Errors | Where-Object FullyQualifiedErrorId -like 'ScimSyncItemsFailed*').Count | Should -Be 1
    }

    It 'reports a created group whose second PATCH failed: created, with which members, and which were not added' {
        Reset-BigTenant -NoGroup
        Set-ZiaEmulatorFault $emulator -Kind readOnly -Method PATCH -Path "/$($emulator.OrgId)/$($idp.Id)/scim/Groups" -Every 2 -Count 1
        $run = Invoke-Sync @(Row 'New' 'N' ((Names (1..250)) -join ';'))
        $result = $run.Results[0]
        $result.Action | Should -Be 'Failed'
        $result.Id | Should -Be (Get-Groups | Where-Object displayName -eq 'New').id
        @($result.MembersAdded) | Should -Be (Names (1..200))
        $result.Error | Should -Match "The group was created \(id $($result.Id)\)"
        $result.Error | Should -Match '200 of 250 member\(s\) added'
        $result.Error | Should -Match 'Not added: b201@acme\.example, .*b250@acme\.example'
        Members-Of 'New' | Should -Be (Sorted (Names (1..200)))
    }
}

Describe 'Sync-ZiaScimGroup writes through Bulk (issue 23)' {
    BeforeAll {
        $scim = ([uri]"$($conn.BaseUrl)").AbsolutePath.TrimEnd('/')
        $names = @{}
        function Read-Names { Invoke-ZiaEmulator $emulator "scim/$($idp.Id)/users" | ForEach-Object { $script:names[$_.id] = $_.userName } }
    }
    AfterEach { Invoke-ZiaEmulator $emulator 'faults' -Method DELETE | Out-Null }

    It 'creates 150 groups, changes one and deletes two in two bulk requests, each reported with its server id' {
        Reset-Tenant 3
        Read-Names
        # Each user in at most 128 groups (ZIA's limit): u1 in the first 75 new groups, u2 in the rest.
        $member = @{}
        foreach ($n in 1..150) { $member["n$n"] = if ($n -le 75) { 'u1@acme.example' } else { 'u2@acme.example' } }
        $rows = @(Row 'g1' 'G1' 'u2@acme.example') + @(1..150 | ForEach-Object { Row "n$_" "N$_" $member["n$_"] })
        $run = Invoke-Sync $rows @{ Deprovision = 'Delete' }
        $run.Errors | Should -BeNullOrEmpty
        @(Get-Writes).Count | Should -Be 2 -Because '153 changes are two bulk requests of at most 100 operations'
        @(Get-Writes | Where-Object path -notlike '*/Bulk').Count | Should -Be 0
        $server = @{}
        foreach ($g in Get-Groups) { $server[$g.displayName] = $g }
        $server.Keys | Sort-Object | Should -Be (@('g1') + @(1..150 | ForEach-Object { "n$_" }) | Sort-Object)
        $created = @($run.Results | Where-Object Action -eq 'Created')
        $created.Count | Should -Be 150
        foreach ($r in $created) {
            $r.Id | Should -Be $server[$r.DisplayName].id -Because "$($r.DisplayName) is reported with its server id"
            $r.MembersAdded | Should -Be @($member[$r.DisplayName])
            $script:names[$server[$r.DisplayName].members.value] | Should -Be $member[$r.DisplayName]
        }
        $g1 = $run.Results | Where-Object DisplayName -eq 'g1'
        $g1.Action | Should -Be 'Updated'
        $g1.MembersAdded | Should -Be @('u2@acme.example')
        $script:names[$server['g1'].members.value] | Should -Be 'u2@acme.example'
        @($run.Results | Where-Object Action -eq 'Deleted').DisplayName | Sort-Object | Should -Be @('g2', 'g3')
        $run.Info | Should -Match '150 created, 1 updated, 2 deleted'
    }

    It 'reports the groups of a bulk request whose answer was lost as outcome unknown, sends nothing again, and the next run converges' {
        Reset-Tenant 0
        Set-ZiaEmulatorFault $emulator -Kind lostAnswer -Method POST -Path "$scim/Bulk"
        $rows = @(1..5 | ForEach-Object { Row "n$_" "N$_" 'u1@acme.example' })
        $run = Invoke-Sync $rows
        $run.Results.Action | Should -Be @('Failed', 'Failed', 'Failed', 'Failed', 'Failed')
        foreach ($r in $run.Results) {
            $r.Error | Should -Match '^Outcome unknown:'
            $r.Error | Should -Match 'Not known to be added: u1@acme\.example'
            @($r.MembersAdded).Count | Should -Be 0
        }
        @(Get-Writes).Count | Should -Be 1 -Because 'a write whose answer was lost is not sent again blindly'
        @(Get-Groups).Count | Should -Be 5 -Because 'the service carried the request out; only its answer was lost'

        Invoke-ZiaEmulator $emulator 'requests' -Method DELETE | Out-Null
        $again = Invoke-Sync $rows
        $again.Results.Action | Should -Be @('Unchanged', 'Unchanged', 'Unchanged', 'Unchanged', 'Unchanged')
        Get-Writes | Should -BeNullOrEmpty
    }

    It 'sends a group of more than 100 members in requests of its own, beside the bulk request of the small ones' {
        Reset-Tenant 0
        Invoke-ZiaEmulator $emulator "scim/$($idp.Id)/users" -Method POST -Body @(1..150 | ForEach-Object { @{ userName = "b$_@acme.example" } }) | Out-Null
        Invoke-ZiaEmulator $emulator 'requests' -Method DELETE | Out-Null
        $big = @(1..150 | ForEach-Object { "b$_@acme.example" }) -join ';'
        $run = Invoke-Sync @((Row 'Big' 'B' $big), (Row 'Small' 'S' 'u1@acme.example'))
        $run.Results.Action | Should -Be @('Created', 'Created')
        @($run.Results[0].MembersAdded).Count | Should -Be 150
        # Big: a POST with 100 members and a PATCH with 50; Small: one operation of a bulk request.
        $writes = @(Get-Writes | ForEach-Object { if ($_.path -like '*/Bulk') { "$($_.method) Bulk" } elseif ($_.path -like '*/Groups') { "$($_.method) Groups" } else { "$($_.method) Group" } })
        ($writes | Sort-Object) | Should -Be @('PATCH Group', 'POST Bulk', 'POST Groups')
        @((Get-Groups | Where-Object displayName -eq 'Big').members).Count | Should -Be 150
    }
}
