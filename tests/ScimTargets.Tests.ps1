# Issue 20: the user, group and identity provider cmdlets act only on the object they were meant for: names with
# brackets are literal, piped objects are acted on by id and checked against what the server and ZIA hold now,
# and no rename hands an admin's login to another SCIM user.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emulator = Start-ZiaEmulator
    Connect-TestZia $emulator | Out-Null
    $idp = Get-ZiaIdentityProvider 'Entra ID'
    $conn = Connect-ZiaScim -IdentityProvider $idp -PassThru
    Invoke-ZiaEmulator $emulator 'scim/config' -Method PUT -Body @{ rateLimit = $false } | Out-Null
    $token = ((Invoke-ZiaEmulator $emulator 'state').active.idps | Where-Object id -eq $idp.Id).scimSharedSecret

    function Get-Users { @(Invoke-ZiaEmulator $emulator "scim/$($idp.Id)/users") }
    function Get-Groups { @(Invoke-ZiaEmulator $emulator "scim/$($idp.Id)/groups") }
    function Get-Admin([string] $Login) { (Invoke-ZiaEmulator $emulator 'zia/accounts').admins | Where-Object loginName -eq $Login }
    function Get-Writes { @(Get-ZiaEmulatorRequest $emulator | Where-Object { $_.path -like "/$($emulator.OrgId)/*" -and $_.method -in 'POST', 'PUT', 'PATCH', 'DELETE' }) }
    function Reset-Tenant([object[]] $Users = @(), [object[]] $Groups = @()) {
        Invoke-ZiaEmulator $emulator "scim/$($idp.Id)" -Method DELETE | Out-Null
        if ($Users.Count -gt 0) { Invoke-ZiaEmulator $emulator "scim/$($idp.Id)/users" -Method POST -Body $Users | Out-Null }
        if ($Groups.Count -gt 0) { Invoke-ZiaEmulator $emulator "scim/$($idp.Id)/groups" -Method POST -Body $Groups | Out-Null }
        Invoke-ZiaEmulator $emulator 'requests' -Method DELETE | Out-Null
    }
    # A change made outside the module (another tool, the IdP itself), straight to the SCIM server.
    function Invoke-OutsideRename([string] $Id, [string] $UserName) {
        $body = @{ schemas = @('urn:ietf:params:scim:api:messages:2.0:PatchOp'); Operations = @(@{ op = 'replace'; path = 'userName'; value = $UserName }) } | ConvertTo-Json -Depth 5
        Invoke-RestMethod -Method Patch -Uri "$($conn.BaseUrl)/Users/$Id" -Headers @{ Authorization = "Bearer $token" } -ContentType 'application/scim+json' -Body $body | Out-Null
        Invoke-ZiaEmulator $emulator 'requests' -Method DELETE | Out-Null
    }
    foreach ($login in 'helpdesk@acme.example', 'auditor@acme.example', 'netops@acme.example') {
        Invoke-ZiaEmulator $emulator 'zia/admins' -Method POST -Body @{ loginName = $login; userName = "Admin $login" } | Out-Null
    }
}

AfterAll {
    Stop-ZiaEmulator $emulator
}

Describe 'Brackets are not wildcards (item 4)' {
    It 'Get-ZiaScimGroup ''Sales [EU]'' | Remove-ZiaScimGroup deletes only Sales [EU]' {
        Reset-Tenant -Groups @(@{ displayName = 'Sales [EU]' }, @{ displayName = 'Sales E' }, @{ displayName = 'Sales U' })
        Get-ZiaScimGroup 'Sales [EU]' -Connection $conn | Remove-ZiaScimGroup -Connection $conn -Confirm:$false
        (Get-Groups).displayName | Sort-Object | Should -Be @('Sales E', 'Sales U')
    }

    It 'takes [WildcardPattern]::Escape input literally, and still matches * and ?' {
        Reset-Tenant -Groups @(@{ displayName = 'Sales [EU]' }, @{ displayName = 'Sales E' }, @{ displayName = 'Sales U' }, @{ displayName = 'Sales *' })
        @(Get-ZiaScimGroup ([WildcardPattern]::Escape('Sales [EU]')) -Connection $conn).DisplayName | Should -Be @('Sales [EU]')
        @(Get-ZiaScimGroup ([WildcardPattern]::Escape('Sales *')) -Connection $conn).DisplayName | Should -Be @('Sales *')
        @(Get-ZiaScimGroup 'Sales ?' -Connection $conn).DisplayName | Sort-Object | Should -Be @('Sales *', 'Sales E', 'Sales U')
        @(Get-ZiaScimGroup 'Sales*' -Connection $conn).Count | Should -Be 4
        @(Get-ZiaScimGroup '*[EU]' -Connection $conn).DisplayName | Should -Be @('Sales [EU]')
        { Get-ZiaScimGroup 'Sales [US]' -Connection $conn -ErrorAction Stop } | Should -Throw -ErrorId 'ScimGroupNotFound*'
    }

    It 'Get-ZiaScimUser ''dev[1]@...'' | Remove-ZiaScimUser deletes only dev[1]@' {
        Reset-Tenant -Users @(@{ userName = 'dev[1]@acme.example' }, @{ userName = 'dev1@acme.example' })
        Get-ZiaScimUser 'dev[1]@acme.example' -Connection $conn | Remove-ZiaScimUser -Connection $conn -Confirm:$false
        (Get-Users).userName | Should -Be @('dev1@acme.example')
    }

    It 'finds users by escaped names and by wildcards alike' {
        Reset-Tenant -Users @(@{ userName = 'dev[1]@acme.example' }, @{ userName = 'dev1@acme.example' }, @{ userName = 'dev*@acme.example' })
        @(Get-ZiaScimUser ([WildcardPattern]::Escape('dev[1]@acme.example')) -Connection $conn).UserName | Should -Be @('dev[1]@acme.example')
        @(Get-ZiaScimUser ([WildcardPattern]::Escape('dev*@acme.example')) -Connection $conn).UserName | Should -Be @('dev*@acme.example')
        @(Get-ZiaScimUser 'dev*' -Connection $conn).Count | Should -Be 3
        { Get-ZiaScimUser 'dev[2]@acme.example' -Connection $conn -ErrorAction Stop } | Should -Throw -ErrorId 'ScimUserNotFound*'
    }

    It 'Disable-, Set- and Remove-ZiaScimUser, Add-ZiaScimGroupMember and Remove-ZiaScimGroup take bracketed names literally' {
        Reset-Tenant -Users @(@{ userName = 'dev[1]@acme.example' }, @{ userName = 'dev1@acme.example' }) -Groups @(@{ displayName = 'Sales [EU]' }, @{ displayName = 'Sales E' })
        Disable-ZiaScimUser 'dev[1]@acme.example' -Connection $conn -Confirm:$false
        Set-ZiaScimUser 'dev[1]@acme.example' -Department 'Ops' -Connection $conn -Confirm:$false
        Add-ZiaScimGroupMember -Group 'Sales [EU]' -Member 'dev[1]@acme.example' -Connection $conn -Confirm:$false
        $users = Get-Users
        ($users | Where-Object userName -eq 'dev[1]@acme.example').active | Should -BeFalse
        ($users | Where-Object userName -eq 'dev1@acme.example').active | Should -BeTrue
        ($users | Where-Object userName -eq 'dev1@acme.example').department | Should -BeNullOrEmpty
        $groups = Get-Groups
        @(($groups | Where-Object displayName -eq 'Sales [EU]').members).Count | Should -Be 1
        @(($groups | Where-Object displayName -eq 'Sales E').members).Count | Should -Be 0
        Remove-ZiaScimGroup 'Sales [EU]' -Connection $conn -Confirm:$false
        Remove-ZiaScimUser 'dev[1]@acme.example' -Connection $conn -Confirm:$false
        (Get-Groups).displayName | Should -Be @('Sales E')
        (Get-Users).userName | Should -Be @('dev1@acme.example')
    }

    It 'never resolves an identity provider name with brackets to another provider' {
        $fields = @{ enabled = $true; userRepositoryType = 'HOSTED_DB'; autoProvision = $false; scimEnabled = $false; scimServiceProviderEndpoint = ''; scimSharedSecretExists = $false; scimSharedSecret = '' }
        Invoke-ZiaEmulator $emulator 'idps' -Method POST -Body (@{ name = 'Okta P' } + $fields) | Out-Null
        Invoke-ZiaEmulator $emulator 'requests' -Method DELETE | Out-Null
        { Get-ZiaIdentityProvider 'Okta [Prod]' -ErrorAction Stop } | Should -Throw -ErrorId 'ZiaIdentityProviderNotFound*'
        { Enable-ZiaScimProvisioning -IdentityProvider 'Okta [Prod]' -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'ZiaIdentityProviderNotFound*'
        ((Invoke-ZiaEmulator $emulator 'state').pending.idps | Where-Object name -eq 'Okta P').scimEnabled | Should -BeFalse
        @(Get-ZiaEmulatorRequest $emulator | Where-Object { $_.path -like '/zsapi/*' -and $_.method -in 'PUT', 'POST' -and $_.path -notlike '*authenticatedSession' }).Count | Should -Be 0
        @(Get-ZiaIdentityProvider ([WildcardPattern]::Escape('Okta P'))).Name | Should -Be @('Okta P')
        @(Get-ZiaIdentityProvider 'Okta ?').Name | Should -Be @('Okta P')
    }
}

Describe 'Piped users are acted on by id, as the server holds them now (item 6)' {
    It 'refuses to disable a stale user object that was renamed to an admin''s login since it was read' {
        Reset-Tenant -Users @(@{ userName = 'temp.auditor@acme.example' })
        $u = Get-ZiaScimUser 'temp.auditor@acme.example' -Connection $conn
        Invoke-OutsideRename $u.Id 'auditor@acme.example'
        $u | Disable-ZiaScimUser -Connection $conn -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ScimUserLinkedToAdmin*'
        $errs[0].TargetObject.UserName | Should -Be 'auditor@acme.example'
        "$($errs[0])" | Should -Match 'auditor@acme\.example'
        Get-Writes | Should -BeNullOrEmpty
        (Get-Admin 'auditor@acme.example').disabled | Should -BeFalse
        (Get-Users).active | Should -Be @($true)
    }

    It 'refuses to delete a stale user object that was renamed to an admin''s login, before sending anything' {
        Reset-Tenant -Users @(@{ userName = 'temp.auditor@acme.example' })
        $u = Get-ZiaScimUser 'temp.auditor@acme.example' -Connection $conn
        Invoke-OutsideRename $u.Id 'auditor@acme.example'
        $u | Remove-ZiaScimUser -Connection $conn -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ScimUserLinkedToAdmin*'
        Get-Writes | Should -BeNullOrEmpty
        (Get-Users).userName | Should -Be @('auditor@acme.example')
    }

    It 'acts on the piped user by id even when its userName now belongs to another user' {
        Reset-Tenant -Users @(@{ userName = 'first@acme.example' })
        $u = Get-ZiaScimUser 'first@acme.example' -Connection $conn
        Invoke-OutsideRename $u.Id 'moved@acme.example'
        Invoke-ZiaEmulator $emulator "scim/$($idp.Id)/users" -Method POST -Body @(@{ userName = 'first@acme.example' }) | Out-Null
        $u | Disable-ZiaScimUser -Connection $conn -Confirm:$false
        $users = Get-Users
        ($users | Where-Object userName -eq 'moved@acme.example').active | Should -BeFalse
        ($users | Where-Object userName -eq 'first@acme.example').active | Should -BeTrue
    }

    It 'says a piped user was deleted since it was read, and sends nothing' {
        Reset-Tenant -Users @(@{ userName = 'gone@acme.example' })
        $u = Get-ZiaScimUser 'gone@acme.example' -Connection $conn
        Invoke-ZiaEmulator $emulator "scim/$($idp.Id)" -Method DELETE | Out-Null
        Invoke-ZiaEmulator $emulator 'requests' -Method DELETE | Out-Null
        $u | Disable-ZiaScimUser -Connection $conn -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ScimUserNotFound*'
        $errs[0].TargetObject.Id | Should -Be $u.Id
        Get-Writes | Should -BeNullOrEmpty
    }
}

Describe 'Set-ZiaScimUser -NewUserName never moves an admin''s login (item 3)' {
    It 'refuses a rename onto an admin''s login, in any case, and sends nothing' {
        Reset-Tenant -Users @(@{ userName = 'old.helpdesk@acme.example'; active = $false })
        foreach ($name in 'helpdesk@acme.example', 'HelpDesk@ACME.example') {
            Set-ZiaScimUser 'old.helpdesk@acme.example' -NewUserName $name -Connection $conn -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'ScimUserLinkedToAdmin*'
            $errs[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
            $errs[0].TargetObject.UserName | Should -Be 'old.helpdesk@acme.example'
            "$($errs[0])" | Should -Match "ZIA admin 'helpdesk@acme\.example'"
            "$($errs[0])" | Should -Match 'Nothing was changed for this user'
            "$($errs[0])" | Should -Match 'change or convert the admin in ZIA first'
        }
        Get-Writes | Should -BeNullOrEmpty
        (Get-Admin 'helpdesk@acme.example').disabled | Should -BeFalse
        (Get-Users).userName | Should -Be @('old.helpdesk@acme.example')
    }

    It 'refuses a rename of a user linked to an admin, also when piped, and sends nothing' {
        Reset-Tenant -Users @(@{ userName = 'netops@acme.example' })
        Set-ZiaScimUser 'netops@acme.example' -NewUserName 'n.ops@acme.example' -Connection $conn -Confirm:$false -ErrorVariable e1 -ErrorAction SilentlyContinue
        Get-ZiaScimUser 'netops@acme.example' -Connection $conn | Set-ZiaScimUser -NewUserName 'n.ops@acme.example' -Connection $conn -Confirm:$false -ErrorVariable e2 -ErrorAction SilentlyContinue
        foreach ($e in $e1, $e2) {
            $e[0].FullyQualifiedErrorId | Should -BeLike 'ScimUserLinkedToAdmin*'
            "$($e[0])" | Should -Match "ZIA admin 'netops@acme\.example'"
        }
        Get-Writes | Should -BeNullOrEmpty
        (Get-Users).userName | Should -Be @('netops@acme.example')
    }

    It 'checks the piped user''s current userName, not the stale object''s' {
        Reset-Tenant -Users @(@{ userName = 'temp.ops@acme.example' })
        $u = Get-ZiaScimUser 'temp.ops@acme.example' -Connection $conn
        Invoke-OutsideRename $u.Id 'netops@acme.example'
        $u | Set-ZiaScimUser -NewUserName 'other@acme.example' -Connection $conn -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ScimUserLinkedToAdmin*'
        Get-Writes | Should -BeNullOrEmpty
        (Get-Users).userName | Should -Be @('netops@acme.example')
    }

    It 'renames other users, and changes other attributes of a linked user' {
        Reset-Tenant -Users @(@{ userName = 'plain@acme.example' }, @{ userName = 'netops@acme.example' })
        Set-ZiaScimUser 'plain@acme.example' -NewUserName 'renamed@acme.example' -Connection $conn -Confirm:$false
        Set-ZiaScimUser 'netops@acme.example' -Department 'Network' -Connection $conn -Confirm:$false
        $users = Get-Users
        $users.userName | Should -Contain 'renamed@acme.example'
        ($users | Where-Object userName -eq 'netops@acme.example').department | Should -Be 'Network'
    }

    It 'without a ZIA session, says that it could not check the admins, for a rename as for a disable' {
        Reset-Tenant -Users @(@{ userName = 'plain@acme.example' })
        Disconnect-Zia -Confirm:$false -WarningAction SilentlyContinue
        try {
            Set-ZiaScimUser 'plain@acme.example' -NewUserName 'renamed@acme.example' -Connection $conn -Confirm:$false -WarningVariable w1 3>$null
            Disable-ZiaScimUser 'renamed@acme.example' -Connection $conn -Confirm:$false -WarningVariable w2 3>$null
            foreach ($w in $w1, $w2) {
                @($w).Count | Should -Be 1
                "$w" | Should -Match 'ZIA admin accounts were not checked'
                "$w" | Should -Match 'Connect-Zia'
            }
            (Get-Users).active | Should -Be @($false)
        }
        finally { Connect-TestZia $emulator | Out-Null }
    }
}

Describe 'Names pasted from a spreadsheet (low)' {
    It 'finds and changes the user and group a name with a trailing space, tab or non-breaking space means' {
        Reset-Tenant -Users @(@{ userName = 'pasted@acme.example' }) -Groups @(@{ displayName = 'Pasted' })
        $nbsp = [char]0xA0
        Disable-ZiaScimUser "pasted@acme.example$nbsp" -Connection $conn -Confirm:$false -ErrorAction Stop
        Set-ZiaScimUser "`tpasted@acme.example " -Department 'Ops' -Connection $conn -Confirm:$false -ErrorAction Stop
        (Get-ZiaScimUser "pasted@acme.example$nbsp" -Connection $conn).UserName | Should -Be 'pasted@acme.example'
        (Get-ZiaScimGroup "Pasted " -Connection $conn).DisplayName | Should -Be 'Pasted'
        Add-ZiaScimGroupMember -Group "Pasted$nbsp" -Member "pasted@acme.example " -Connection $conn -Confirm:$false -ErrorAction Stop
        $user = Get-Users
        $user.active | Should -BeFalse
        $user.department | Should -Be 'Ops'
        @((Get-Groups).members).Count | Should -Be 1
    }

    It 'creates users and groups under the trimmed name, and renames to it' {
        Reset-Tenant -Users @(@{ userName = 'before@acme.example' })
        New-ZiaScimGroup -DisplayName "Finance$([char]0xA0)" -Connection $conn -Confirm:$false | Out-Null
        New-ZiaScimUser -UserName " new@acme.example`t" -Connection $conn -Confirm:$false | Out-Null
        Set-ZiaScimUser 'before@acme.example' -NewUserName "after@acme.example$([char]0xA0)" -Connection $conn -Confirm:$false
        (Get-Groups).displayName | Should -Be @('Finance')
        (Get-Users).userName | Sort-Object | Should -Be @('after@acme.example', 'new@acme.example')
    }

    It 'refuses an empty or blank -NewUserName, -UserName or group name before sending anything' {
        Reset-Tenant -Users @(@{ userName = 'keep@acme.example' })
        { Set-ZiaScimUser 'keep@acme.example' -NewUserName '' -Connection $conn -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        { Set-ZiaScimUser 'keep@acme.example' -NewUserName "  $([char]0xA0)" -Connection $conn -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        { New-ZiaScimUser -UserName "`t" -Connection $conn -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        { New-ZiaScimGroup -DisplayName ' ' -Connection $conn -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        { Disable-ZiaScimUser ' ' -Connection $conn -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        Get-Writes | Should -BeNullOrEmpty
        (Get-Users).userName | Should -Be @('keep@acme.example')
    }

    It 'does not blame a missing ZIA session when the admin accounts could not be read' {
        Reset-Tenant -Users @(@{ userName = 'checked@acme.example' })
        Set-ZiaEmulatorFault $emulator -Kind htmlProxy -Path '/api/v1/adminUsers' -Count 10
        try {
            Disable-ZiaScimUser 'checked@acme.example' -Connection $conn -WhatIf -WarningVariable w 3>$null
        }
        finally { Invoke-ZiaEmulator $emulator 'faults' -Method DELETE | Out-Null }
        @($w).Count | Should -Be 1
        "$w" | Should -Match "ZIA admin accounts were not checked: reading them failed \(GET /api/v1/adminUsers answered 200 with 'text/html'"
        "$w" | Should -Not -Match 'no ZIA session'
        "$w" | Should -Not -Match 'needs Administrators access'
    }
}
