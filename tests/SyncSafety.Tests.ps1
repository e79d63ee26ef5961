# Issue 20: a sync acts only on the user it was meant for, and when it cannot be sure it refuses and changes nothing
# (server users it cannot tell apart, renames that touch an admin, a server that stops paging early).
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emulator = Start-ZiaEmulator
    Connect-TestZia $emulator | Out-Null
    $idp = Get-ZiaIdentityProvider 'Entra ID'
    $conn = Connect-ZiaScim -IdentityProvider $idp -PassThru
    $scim = ([uri]"$($conn.BaseUrl)").AbsolutePath.TrimEnd('/')
    function Set-Scim([hashtable] $Config) { Invoke-ZiaEmulator $emulator 'scim/config' -Method PUT -Body $Config | Out-Null }
    Set-Scim @{ rateLimit = $false }

    function Get-Users { @(Invoke-ZiaEmulator $emulator "scim/$($idp.Id)/users") }
    function Get-Writes { @(Get-ZiaEmulatorRequest $emulator | Where-Object { $_.path -like "$scim/*" -and $_.method -ne 'GET' }) }
    # A rename straight on the SCIM server, as another SCIM client would send it.
    function Rename-OnServer([string] $Id, [string] $UserName) {
        $token = ((Invoke-ZiaEmulator $emulator 'state').active.idps | Where-Object id -eq $idp.Id).scimSharedSecret
        $body = @{ schemas = @('urn:ietf:params:scim:api:messages:2.0:PatchOp'); Operations = @(@{ op = 'replace'; path = 'userName'; value = $UserName }) } | ConvertTo-Json -Depth 5
        Invoke-RestMethod -Method Patch -Uri "$($conn.BaseUrl)/Users/$Id" -Headers @{ Authorization = "Bearer $token" } -ContentType 'application/scim+json' -Body $body | Out-Null
    }
    function Get-Admin([string] $Login) { (Invoke-ZiaEmulator $emulator 'zia/accounts').admins | Where-Object loginName -eq $Login }
    # A fresh tenant holding exactly these users (seeded as given: a server that broke a rule may hold them).
    function Reset-Tenant([object[]] $Users = @()) {
        Invoke-ZiaEmulator $emulator "scim/$($idp.Id)" -Method DELETE | Out-Null
        if ($Users.Count -gt 0) { Invoke-ZiaEmulator $emulator "scim/$($idp.Id)/users" -Method POST -Body $Users | Out-Null }
        Invoke-ZiaEmulator $emulator 'faults' -Method DELETE | Out-Null
        Invoke-ZiaEmulator $emulator 'requests' -Method DELETE | Out-Null
    }
    function Row([string] $UserName, [string] $ExternalId) {
        $row = [ordered]@{ userName = $UserName }
        if ($ExternalId) { $row.externalId = $ExternalId }
        [pscustomobject]$row
    }
    function Invoke-Sync([object[]] $Rows, [hashtable] $Extra = @{}) { Invoke-TestSync $Rows $conn $Extra }
    # The same name in composed (NFC, "é") and decomposed (NFD, "e" and a combining acute) Unicode.
    $reneNfc = "ren$([char]0x00E9)@acme.example"
    $reneNfd = "rene$([char]0x0301)@acme.example"
}

AfterAll {
    Stop-ZiaEmulator $emulator
}

Describe 'Server users the sync cannot tell apart are left alone' {
    AfterEach { Set-Scim @{ caseExactUserNames = $false } }

    It 'touches neither of two server users with the same externalId, and syncs the other rows' {
        Reset-Tenant @(
            @{ userName = 'alice@acme.example'; externalId = 'E1'; active = $true }
            @{ userName = 'mallory@acme.example'; externalId = 'E1'; active = $true }
        )
        $before = Get-Users
        $run = Invoke-Sync @((Row 'alice@acme.example' 'E1'), (Row 'b1@acme.example' 'B1'), (Row 'b2@acme.example' 'B2')) @{ Deprovision = 'Disable' }

        $after = Get-Users
        foreach ($name in 'alice@acme.example', 'mallory@acme.example') {
            $was = $before | Where-Object userName -eq $name
            $now = $after | Where-Object id -eq $was.id
            $now.userName | Should -Be $name -Because "$name is not renamed"
            $now.active | Should -BeTrue -Because "$name is not disabled as absent"
        }
        @($after.userName) | Should -Contain 'b1@acme.example'
        @($after.userName) | Should -Contain 'b2@acme.example'
        $after.Count | Should -Be 4
        $failed = @($run.Results | Where-Object Action -eq 'Failed')
        @($failed.UserName) | Should -Be @('alice@acme.example', 'mallory@acme.example')
        foreach ($f in $failed) {
            $f.Error | Should -Match "externalId 'E1'"
            foreach ($u in $before) { $f.Error | Should -Match $u.id -Because 'the result names every server user involved' }
        }
        @($run.Results | Where-Object { $_.UserName -eq 'alice@acme.example' }).Count | Should -Be 1 -Because 'alice is reported once'
        @($run.Results | Where-Object Action -eq 'Created').Count | Should -Be 2
        @($run.Errors | Where-Object { $_.FullyQualifiedErrorId -like 'ScimSyncItemsFailed*' }).Count | Should -Be 1
    }

    It 'touches neither of two server users whose userNames differ only in case (a server that keeps case)' {
        Set-Scim @{ caseExactUserNames = $true }
        Reset-Tenant @(
            @{ userName = 'ann@acme.example'; active = $true }
            @{ userName = 'ANN@acme.example'; active = $true }
            @{ userName = 'gone@acme.example'; active = $true }
        )
        $before = Get-Users
        $run = Invoke-Sync @(Row 'ann@acme.example') @{ Deprovision = 'Disable' }

        $after = Get-Users
        ($after | Where-Object userName -ceq 'ann@acme.example').active | Should -BeTrue
        ($after | Where-Object userName -ceq 'ANN@acme.example').active | Should -BeTrue
        ($after | Where-Object userName -eq 'gone@acme.example').active | Should -BeFalse -Because 'the other users go on'
        $after.Count | Should -Be 3
        $failed = @($run.Results | Where-Object Action -eq 'Failed')
        $failed.Count | Should -Be 1
        $failed[0].Error | Should -Match 'differ only in case'
        foreach ($u in $before | Where-Object userName -like 'ann@*') { $failed[0].Error | Should -Match $u.id }
    }

    It 'matches a source userName in decomposed Unicode (NFD) to the server user held composed (NFC)' {
        Reset-Tenant @(@{ userName = $reneNfc; externalId = 'R1'; active = $true; displayName = 'Rene' })
        $id = (Get-Users)[0].id
        $run = Invoke-Sync @([pscustomobject]@{ userName = $reneNfd; displayName = 'René' }) @{ Deprovision = 'Disable' }

        $after = Get-Users
        $after.Count | Should -Be 1 -Because 'no second user is created'
        $after[0].id | Should -Be $id
        $after[0].active | Should -BeTrue
        $after[0].userName | Should -BeExactly $reneNfc -Because 'the same name in another form is no rename'
        $run.Results.Action | Should -Be 'Updated'
    }

    It 'finds a user by -UserName in another case or Unicode form, and refuses a name two server users share' {
        Set-Scim @{ caseExactUserNames = $true }
        Reset-Tenant @(
            @{ userName = $reneNfc; active = $true }
            @{ userName = 'ann@acme.example'; active = $true }
            @{ userName = 'ANN@acme.example'; active = $true }
        )
        (Get-ZiaScimUser -Connection $conn -UserName $reneNfd).UserName | Should -BeExactly $reneNfc
        (Get-ZiaScimUser -Connection $conn -UserName 'RENE@acme.example' -ErrorAction SilentlyContinue) | Should -BeNullOrEmpty
        @(Get-ZiaScimUser -Connection $conn -UserName 'Ann@acme.example').Count | Should -Be 2
        { Disable-ZiaScimUser -Connection $conn -UserName 'ann@acme.example' -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'ScimUserAmbiguous*'
        @(Get-Users | Where-Object { $_.active -eq $false }).Count | Should -Be 0
    }
}

Describe 'A sync never renames a user onto an admin''s login, nor an admin''s user' {
    BeforeAll {
        Invoke-ZiaEmulator $emulator 'zia/admins' -Method POST -Body @{ loginName = 'netops@acme.example'; userName = 'Net Ops' } | Out-Null
        Invoke-ZiaEmulator $emulator 'zia/admins' -Method POST -Body @{ loginName = 'helpdesk@acme.example'; userName = 'Help Desk' } | Out-Null
    }
    AfterEach { Invoke-ZiaEmulator $emulator 'zia/accounts' -Method PUT -Body @{ enableAdmins = $true } | Out-Null }

    It 'the emulator: renaming a disabled user onto an admin''s login disables the admin; renaming an admin''s user changes its login' {
        Reset-Tenant @(
            @{ userName = 'old.helpdesk@acme.example'; active = $false }
            @{ userName = 'netops@acme.example'; active = $true }
        )
        $old = Get-ZiaScimUser -Connection $conn -UserName 'old.helpdesk@acme.example'
        Rename-OnServer $old.Id 'helpdesk@acme.example'
        (Get-Admin 'helpdesk@acme.example').disabled | Should -BeTrue
        $linked = Get-ZiaScimUser -Connection $conn -UserName 'netops@acme.example'
        Rename-OnServer $linked.Id 'net.ops@acme.example'
        Get-Admin 'net.ops@acme.example' | Should -Not -BeNullOrEmpty
        Get-Admin 'netops@acme.example' | Should -BeNullOrEmpty
        # Put the admin back for the other tests.
        Rename-OnServer $linked.Id 'netops@acme.example'
        Get-Admin 'netops@acme.example' | Should -Not -BeNullOrEmpty
    }

    It 'refuses a row that would rename a disabled user onto an admin''s login, and changes nothing for it' {
        Reset-Tenant @(
            @{ userName = 'n.ops@acme.example'; externalId = 'N1'; active = $false }
            @{ userName = 'x@acme.example'; externalId = 'X1'; active = $true }
        )
        $run = Invoke-Sync @((Row 'netops@acme.example' 'N1'), [pscustomobject]@{ userName = 'x@acme.example'; externalId = 'X1'; displayName = 'X' })

        (Get-Admin 'netops@acme.example').disabled | Should -BeFalse
        $users = Get-Users
        @($users.userName) | Should -Contain 'n.ops@acme.example'
        @($users.userName) | Should -Not -Contain 'netops@acme.example'
        ($users | Where-Object userName -eq 'x@acme.example').displayName | Should -Be 'X' -Because 'the other users go on'
        $refused = $run.Results | Where-Object UserName -eq 'netops@acme.example'
        $refused.Action | Should -Be 'Failed'
        $refused.Error | Should -Match 'login of the ZIA admin'
        @($run.Errors | Where-Object { $_.FullyQualifiedErrorId -like 'ScimSyncItemsFailed*' }).Count | Should -Be 1
    }

    It 'refuses a row that would rename a user linked to an admin' {
        Reset-Tenant @(@{ userName = 'helpdesk@acme.example'; externalId = 'H1'; active = $true })
        $run = Invoke-Sync @(Row 'help.desk@acme.example' 'H1')

        (Get-Users)[0].userName | Should -Be 'helpdesk@acme.example'
        Get-Admin 'helpdesk@acme.example' | Should -Not -BeNullOrEmpty
        $run.Results[0].Action | Should -Be 'Failed'
        $run.Results[0].Error | Should -Match 'linked to the ZIA admin'
        @(Get-Writes).Count | Should -Be 0
    }
}

Describe 'A server that stops paging early' {
    BeforeAll {
        Set-Scim @{ maxPageSize = 10 }
        $thirty = @(1..30 | ForEach-Object { @{ userName = "s$_@acme.example"; externalId = "S$_"; active = $true } })
    }
    AfterAll { Set-Scim @{ maxPageSize = 1000 } }

    It 'Get-ZiaScimUser warns with the figures when a page comes back empty while totalResults says more' {
        Reset-Tenant $thirty
        Set-ZiaEmulatorFault $emulator -Kind emptyPage -Method GET -Path "$scim/Users" -Every 3
        $users = @(Get-ZiaScimUser -Connection $conn -WarningVariable warned 3>$null)
        $users.Count | Should -Be 20
        "$warned" | Should -Match '30'
        "$warned" | Should -Match '20 of 30'
    }

    It 'Sync-ZiaScimUser stops before it writes anything' {
        Reset-Tenant $thirty
        Set-ZiaEmulatorFault $emulator -Kind emptyPage -Method GET -Path "$scim/Users" -Every 3
        $rows = 1..30 | ForEach-Object { Row "s$_@acme.example" "S$_" }
        { $rows | Sync-ZiaScimUser -Connection $conn -Deprovision Disable -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'ScimListIncomplete*'
        @(Get-Writes).Count | Should -Be 0
        @(Get-Users | Where-Object active -eq $true).Count | Should -Be 30
    }
}
