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
