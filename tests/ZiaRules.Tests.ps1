# Issue 14: the sync knows Zscaler's own rules before it writes (registered domains, name and group limits,
# users linked to ZIA admins), and the emulator applies them as Zscaler does.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emulator = Start-ZiaEmulator
    Connect-TestZia $emulator | Out-Null
    $idp = Get-ZiaIdentityProvider 'Entra ID'
    $conn = Connect-ZiaScim -IdentityProvider $idp -PassThru
    Invoke-ZiaEmulator $emulator 'scim/config' -Method PUT -Body @{ rateLimit = $false; bulkEnabled = $false } | Out-Null

    function Get-Users { @(Invoke-ZiaEmulator $emulator "scim/$($idp.Id)/users") }
    function Get-Writes([string] $Method = 'POST') { @(Get-ZiaEmulatorRequest $emulator | Where-Object { $_.path -like "/$($emulator.OrgId)/*" -and $_.method -eq $Method }) }
    function Reset-Tenant {
        Invoke-ZiaEmulator $emulator "scim/$($idp.Id)" -Method DELETE | Out-Null
        Invoke-ZiaEmulator $emulator 'requests' -Method DELETE | Out-Null
    }
    function Row([string] $UserName, [string] $DisplayName) {
        $row = [ordered]@{ userName = $UserName }
        if ($DisplayName) { $row.displayName = $DisplayName }
        [pscustomobject]$row
    }
    # 15 users in a registered domain, 40 in one that is not, 1 with a 131-character userName (the issue's night).
    function Night {
        @(1..15 | ForEach-Object { Row "ok$_@acme.example" }) + @(1..40 | ForEach-Object { Row "u$_@contoso.com" }) + (Row ('l' * 118 + '@acme.example'))
    }
    function Invoke-Sync([object[]] $Rows, [hashtable] $Extra = @{}, $Connection = $conn) { Invoke-TestSync $Rows $Connection $Extra }
}

AfterAll {
    Stop-ZiaEmulator $emulator
}

Describe 'The emulator applies Zscaler''s limits' {
    It 'refuses a userName or displayName over 127 characters and a group name over 128' {
        Reset-Tenant
        $long = 'l' * 115 + '@acme.example'   # 128 characters
        { New-ZiaScimUser -Connection $conn -UserName $long -Confirm:$false -ErrorAction Stop } | Should -Throw '*at most 127*'
        { New-ZiaScimUser -Connection $conn -UserName 'd@acme.example' -DisplayName ('d' * 128) -Confirm:$false -ErrorAction Stop } | Should -Throw '*at most 127*'
        New-ZiaScimUser -Connection $conn -UserName ('l' * 114 + '@acme.example') -DisplayName ('d' * 127) -Confirm:$false -ErrorAction Stop | Should -Not -BeNullOrEmpty
        { New-ZiaScimGroup -Connection $conn -DisplayName ('g' * 129) -Confirm:$false -ErrorAction Stop } | Should -Throw '*at most 128*'
        New-ZiaScimGroup -Connection $conn -DisplayName ('g' * 128) -Confirm:$false -ErrorAction Stop | Should -Not -BeNullOrEmpty
    }

    It 'refuses a userName in an unregistered domain (registered domains are those of orgInformation)' {
        (Get-ZiaOrganization).Domains | Should -Be @('acme.example', 'acme.test')
        { New-ZiaScimUser -Connection $conn -UserName 'x@contoso.com' -Confirm:$false -ErrorAction Stop } | Should -Throw '*registered*'
    }

    It 'serves GET /adminUsers on the legacy and the OneAPI root, seeded with the admin that signs in' {
        $legacy = Invoke-RestMethod -Uri "$($emulator.BaseUri)api/v1/adminUsers?page=1&pageSize=100" -WebSession (New-Object Microsoft.PowerShell.Commands.WebRequestSession) -SkipHttpErrorCheck -StatusCodeVariable status
        $status | Should -Be 401 -Because 'the admin API needs a session'
        $oneApi = Connect-Zia -BaseUri $emulator.BaseUri -VanityDomain $emulator.VanityDomain -ClientId $emulator.ClientId -ClientSecret $emulator.ClientSecret -PassThru
        Invoke-ZiaEmulator $emulator 'requests' -Method DELETE | Out-Null
        $results = Row 'ok1@acme.example' | Sync-ZiaScimUser -Connection $conn -Deprovision Disable -Confirm:$false -DeprovisionLimit 100
        @(Get-ZiaEmulatorRequest $emulator -Path '/zia/api/v1/adminUsers').Count | Should -Be 1
        Disconnect-Zia -Session $oneApi -Confirm:$false -WarningAction SilentlyContinue
        Connect-TestZia $emulator | Out-Null
        Invoke-ZiaEmulator $emulator 'requests' -Method DELETE | Out-Null
        Row 'ok1@acme.example' | Sync-ZiaScimUser -Connection $conn -Deprovision Disable -Confirm:$false -DeprovisionLimit 100 | Out-Null
        $admins = @(Get-ZiaEmulatorRequest $emulator -Path '/api/v1/adminUsers')
        $admins.Count | Should -Be 1 -Because 'the admins are read once per run'
        (Invoke-ZiaEmulator $emulator 'zia/accounts').admins.loginName | Should -Contain $emulator.Credential.UserName
    }
}

Describe 'Registered domains' {
    It 'sends no user of an unregistered domain when a ZIA session gives the domains, one result and one warning per rule' {
        Reset-Tenant
        $run = Invoke-Sync (Night)
        @($run.Results | Where-Object Action -eq 'Created').Count | Should -Be 15
        @(Get-Writes 'POST').Count | Should -Be 15 -Because 'doomed users cost no request when the domains are known'
        $skipped = @($run.Results | Where-Object Action -eq 'Skipped')
        $skipped.Count | Should -Be 41
        ($skipped | Where-Object UserName -eq 'u1@contoso.com').Error | Should -Match 'domain contoso\.com is not registered with ZIA.*ask Zscaler support'
        ($skipped | Where-Object { $_.UserName.Length -gt 127 }).Error | Should -Match '131 characters long and ZIA allows user IDs of at most 127'
        $run.Warnings.Count | Should -Be 2 -Because 'one line per reason, not 41'
        $run.Warnings | Should -Contain '40 user(s) not sent because domain contoso.com is not registered with ZIA: ask Zscaler support to add it. See the results with Action = Skipped.'
        $run.Errors | Should -BeNullOrEmpty
        @(Get-Users).userName | Should -Not -Contain 'u1@contoso.com'
    }

    It 'shows the same skipped results under -WhatIf, and writes nothing' {
        Reset-Tenant
        $results = Night | Sync-ZiaScimUser -Connection $conn -WhatIf -WarningAction SilentlyContinue 6>$null
        @($results | Where-Object Action -eq 'Skipped').Count | Should -Be 41
        @(Get-Writes 'POST').Count | Should -Be 0
    }

    It 'takes the domains from -RegisteredDomain when there is no ZIA session' {
        Reset-Tenant
        Disconnect-Zia -Confirm:$false -WarningAction SilentlyContinue
        try {
            $run = Invoke-Sync ((Row 'a@acme.example'), (Row 'b@acme.test'), (Row 'c@contoso.com')) @{ RegisteredDomain = 'acme.example' }
            ($run.Results | Where-Object UserName -eq 'a@acme.example').Action | Should -Be 'Created'
            ($run.Results | Where-Object UserName -eq 'b@acme.test').Action | Should -Be 'Skipped'
            ($run.Results | Where-Object UserName -eq 'c@contoso.com').Error | Should -Match 'from -RegisteredDomain: acme\.example'
            @(Get-Writes 'POST').Count | Should -Be 1
        }
        finally { Connect-TestZia $emulator | Out-Null }
    }

    It 'learns an unregistered domain from its first refusal and sends no other user of it' {
        Reset-Tenant
        Disconnect-Zia -Confirm:$false -WarningAction SilentlyContinue
        try {
            $run = Invoke-Sync (@(1..15 | ForEach-Object { Row "ok$_@acme.example" }) + @(1..40 | ForEach-Object { Row "u$_@contoso.com" }) + @(1..5 | ForEach-Object { Row "v$_@fabrikam.example" }))
            $posts = @(Get-Writes 'POST')
            @($posts | Where-Object { $_ }).Count | Should -Be 17 -Because '15 good users and at most one per unknown domain'
            $failed = @($run.Results | Where-Object Action -eq 'Failed')
            $failed.UserName | Should -Be @('u1@contoso.com', 'v1@fabrikam.example')
            $failed[0].Error | Should -Match 'contoso\.com is not registered with ZIA: ask Zscaler support to add it\. No other user of contoso\.com is sent'
            @($run.Results | Where-Object Action -eq 'Skipped').Count | Should -Be 43
            ($run.Results | Where-Object UserName -eq 'u2@contoso.com').Error | Should -Match 'refused an earlier user'
            $run.Warnings | Should -Contain '39 user(s) not sent because domain contoso.com is not registered with ZIA: ask Zscaler support to add it. See the results with Action = Skipped.'
        }
        finally { Connect-TestZia $emulator | Out-Null }
    }

    It 'under Bulk, sends the first user of an unknown domain alone and learns from it for the rest' {
        Reset-Tenant
        Invoke-ZiaEmulator $emulator 'scim/config' -Method PUT -Body @{ bulkEnabled = $true } | Out-Null
        # A new connection reads the server's capabilities afresh.
        $bulk = Connect-ZiaScim -IdentityProvider $idp -PassThru
        Disconnect-Zia -Confirm:$false -WarningAction SilentlyContinue
        try {
            $run = Invoke-Sync (@(1..150 | ForEach-Object { Row "u$_@contoso.com" })) -Connection $bulk
            @(Get-Writes 'POST').Count | Should -Be 1 -Because 'the first user goes ahead alone and is refused; the other 149 are held back'
            @($run.Results | Where-Object Action -eq 'Failed').UserName | Should -Be 'u1@contoso.com'
            @($run.Results | Where-Object Action -eq 'Skipped').Count | Should -Be 149
        }
        finally {
            Invoke-ZiaEmulator $emulator 'scim/config' -Method PUT -Body @{ bulkEnabled = $false } | Out-Null
            Connect-TestZia $emulator | Out-Null
        }
    }
}

Describe 'Users linked to ZIA admins' {
    BeforeEach {
        Reset-Tenant
        $admin = $emulator.Credential.UserName
        # The admin that runs the sync also has a SCIM user (same login): Zscaler links the two.
        Invoke-ZiaEmulator $emulator "scim/$($idp.Id)/users" -Method POST -Body @(@{ userName = $admin }, @{ userName = 'leaver@acme.example' }, @{ userName = 'stay@acme.example' }) | Out-Null
        Invoke-ZiaEmulator $emulator 'zia/accounts' -Method PUT -Body @{ scimDeleteAction = 'NONE'; enableAdmins = $true } | Out-Null
    }

    It 'never disables the admin running the sync when its login is absent from the input' {
        $run = Invoke-Sync @(Row 'stay@acme.example') @{ Deprovision = 'Disable' }
        ($run.Results | Where-Object UserName -eq 'leaver@acme.example').Action | Should -Be 'Disabled'
        $kept = $run.Results | Where-Object UserName -eq $admin
        $kept.Action | Should -Be 'Skipped'
        $kept.Error | Should -Match "linked to the ZIA admin '$([regex]::Escape($admin))'"
        $kept.Error | Should -Match '-IncludeAdminAccounts'
        (Get-Users | Where-Object userName -eq $admin).active | Should -BeTrue
        @(Get-Writes 'PATCH').Count | Should -Be 1 -Because 'only the leaver is disabled'
        { Connect-TestZia $emulator } | Should -Not -Throw -Because 'the admin can still sign in'
    }

    It 'keeps it under -WhatIf too, and says so in the plan' {
        $results = Row 'stay@acme.example' | Sync-ZiaScimUser -Connection $conn -Deprovision Delete -WhatIf -WarningAction SilentlyContinue 6>$null
        ($results | Where-Object UserName -eq $admin).Action | Should -Be 'Skipped'
        @(Get-Writes 'DELETE').Count | Should -Be 0
    }

    It 'with -IncludeAdminAccounts disables it, and Zscaler disables the admin account, which can no longer sign in' {
        $run = Invoke-Sync @(Row 'stay@acme.example') @{ Deprovision = 'Disable'; IncludeAdminAccounts = $true }
        ($run.Results | Where-Object UserName -eq $admin).Action | Should -Be 'Disabled'
        ((Invoke-ZiaEmulator $emulator 'zia/accounts').admins | Where-Object loginName -eq $admin).disabled | Should -BeTrue
        { Connect-TestZia $emulator } | Should -Throw '*Invalid email or password*'
    }

    It 'a refused delete of a linked user is a clear result, and the tenant''s Delete setting deletes the admin too' {
        $run = Invoke-Sync @(Row 'stay@acme.example') @{ Deprovision = 'Delete'; IncludeAdminAccounts = $true }
        $refused = $run.Results | Where-Object UserName -eq $admin
        $refused.Action | Should -Be 'Failed'
        $refused.Error | Should -Match 'linked to a ZIA admin account.*Nothing was deleted'
        ($run.Results | Where-Object UserName -eq 'leaver@acme.example').Action | Should -Be 'Deleted'

        Invoke-ZiaEmulator $emulator 'zia/admins' -Method POST -Body @{ loginName = 'ops@acme.example'; userName = 'Ops Admin' } | Out-Null
        Invoke-ZiaEmulator $emulator "scim/$($idp.Id)/users" -Method POST -Body @(@{ userName = 'ops@acme.example' }) | Out-Null
        Invoke-ZiaEmulator $emulator 'zia/accounts' -Method PUT -Body @{ scimDeleteAction = 'DELETE' } | Out-Null
        Remove-ZiaScimUser -Connection $conn -UserName 'ops@acme.example' -IncludeAdminAccounts -Confirm:$false
        (Invoke-ZiaEmulator $emulator 'zia/accounts').admins.loginName | Should -Not -Contain 'ops@acme.example'
    }

    It 'Disable-ZiaScimUser and Remove-ZiaScimUser refuse a linked user before sending anything' {
        Invoke-ZiaEmulator $emulator 'requests' -Method DELETE | Out-Null
        Disable-ZiaScimUser -Connection $conn -UserName $admin -Confirm:$false -ErrorVariable e1 -ErrorAction SilentlyContinue
        Remove-ZiaScimUser -Connection $conn -UserName $admin -Confirm:$false -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e1[0].FullyQualifiedErrorId | Should -BeLike 'ScimUserLinkedToAdmin*'
        $e2[0].FullyQualifiedErrorId | Should -BeLike 'ScimUserLinkedToAdmin*'
        "$($e1[0])" | Should -Match "ZIA admin '$([regex]::Escape($admin))'"
        @(Get-Writes 'PATCH').Count + @(Get-Writes 'DELETE').Count | Should -Be 0

        Remove-ZiaScimUser -Connection $conn -UserName $admin -IncludeAdminAccounts -Confirm:$false -ErrorVariable e3 -ErrorAction SilentlyContinue
        $e3[0].FullyQualifiedErrorId | Should -BeLike 'ScimUserLinkedToAdmin*'
        "$($e3[0])" | Should -Match 'Admin user cannot be deleted'
        (Get-Users).userName | Should -Contain $admin
    }

    It 'without a ZIA session, a run that deprovisions warns once that admin links were not checked' {
        Disconnect-Zia -Confirm:$false -WarningAction SilentlyContinue
        try {
            $run = Invoke-Sync @(Row 'stay@acme.example'; Row $admin) @{ Deprovision = 'Disable' }
            @($run.Warnings | Where-Object { $_ -like 'ZIA admin accounts were not checked*Connect-Zia*' }).Count | Should -Be 1
            $quiet = Invoke-Sync @(Row 'stay@acme.example'; Row $admin; Row 'leaver@acme.example')
            $quiet.Warnings | Should -BeNullOrEmpty -Because 'a run that disables nobody needs no admin check'
        }
        finally { Connect-TestZia $emulator | Out-Null }
    }
}

Describe 'Users that live outside this endpoint' {
    It 'says a refused create is a user ZIA holds elsewhere, where it lives, and points at the migration' {
        Reset-Tenant
        Invoke-ZiaEmulator $emulator 'zia/users' -Method POST -Body @{ email = 'legacy@acme.example'; name = 'Legacy User'; department = 'Finance' } | Out-Null
        $run = Invoke-Sync @(Row 'legacy@acme.example'; Row 'new@acme.example')
        $failed = $run.Results | Where-Object UserName -eq 'legacy@acme.example'
        $failed.Action | Should -Be 'Failed'
        $failed.Error | Should -Match 'not behind this identity provider''s SCIM endpoint'
        $failed.Error | Should -Match 'ZIA holds it as user id \d+ \(''Legacy User'', department Finance'
        $failed.Error | Should -Match 'Users that exist outside this endpoint'
        ($run.Results | Where-Object UserName -eq 'new@acme.example').Action | Should -Be 'Created'
    }
}

Describe 'Group limits' {
    BeforeAll {
        Reset-Tenant
        Invoke-ZiaEmulator $emulator "scim/$($idp.Id)/users" -Method POST -Body @(@{ userName = 'busy@acme.example' }, @{ userName = 'free@acme.example' }) | Out-Null
        $busy = (Get-Users | Where-Object userName -eq 'busy@acme.example').id
        $groups = @(1..128 | ForEach-Object { @{ displayName = "G$_"; members = @(@{ value = $busy }) } })
        Invoke-ZiaEmulator $emulator "scim/$($idp.Id)/groups" -Method POST -Body $groups | Out-Null
        New-ZiaScimGroup -Connection $conn -DisplayName 'Extra' -Confirm:$false | Out-Null
    }

    It 'Sync-ZiaScimGroup skips a group name over 128 characters and sends nothing for it' {
        Invoke-ZiaEmulator $emulator 'requests' -Method DELETE | Out-Null
        $results = [pscustomobject]@{ DisplayName = 'n' * 129; Members = 'free@acme.example' } | Sync-ZiaScimGroup -Connection $conn -Confirm:$false -WarningVariable w 3>$null
        $results.Action | Should -Be 'Skipped'
        $results.Error | Should -Match '129 characters.*at most 128'
        @(Get-Writes 'POST').Count | Should -Be 0
        "$w" | Should -Match '1 group\(s\) not sent because group name longer than 128'
    }

    It 'Sync-ZiaScimGroup adds no user to a 129th group, and adds the others' {
        Invoke-ZiaEmulator $emulator 'requests' -Method DELETE | Out-Null
        $results = [pscustomobject]@{ DisplayName = 'Extra'; Members = 'busy@acme.example;free@acme.example' } | Sync-ZiaScimGroup -Connection $conn -Confirm:$false -WarningAction SilentlyContinue
        $results.Action | Should -Be 'Updated'
        $results.MembersAdded | Should -Be @('free@acme.example')
        $results.Error | Should -Match "'busy@acme\.example' was not added to 'Extra'.*129 groups.*at most 128"
        @(Get-Writes 'PATCH').Count | Should -Be 1
    }

    It 'Add-ZiaScimGroupMember fails the user over the limit alone and adds the rest' {
        Remove-ZiaScimGroupMember -Connection $conn -Group 'Extra' -Member 'free@acme.example' -Confirm:$false
        Invoke-ZiaEmulator $emulator 'requests' -Method DELETE | Out-Null
        $group = Add-ZiaScimGroupMember -Connection $conn -Group 'Extra' -Member 'busy@acme.example', 'free@acme.example' -Confirm:$false -PassThru -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ScimUserGroupLimit*'
        "$($errs[0])" | Should -Match 'at most 128'
        @(Get-Writes 'PATCH').Count | Should -Be 1
        @((Invoke-ZiaEmulator $emulator "scim/$($idp.Id)/groups") | Where-Object displayName -eq 'Extra').members.value.Count | Should -Be 1
    }
}
