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

    It 'estimates the requests before writing: one a group and one more for each further 100 members, never Bulk' {
        Reset-BigTenant -NoGroup
        $info = $null
        @((Row 'New' 'N' ((Names (1..250)) -join ';')), (Row 'Small' 'S' 'b1@acme.example')) |
            Sync-ZiaScimGroup -Connection $conn -WhatIf -InformationVariable info 6>$null | Out-Null
        $estimate = @($info | Where-Object { $_.Tags -contains 'ZscalerScimSyncEstimate' })
        $estimate.Count | Should -Be 1
        "$($estimate[0].MessageData)" | Should -Match '2 change\(s\) in at least 4 request\(s\) \(no Bulk for groups; members 100 a request\)'
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
