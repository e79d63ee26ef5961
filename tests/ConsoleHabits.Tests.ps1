# What an admin at a console (and a runbook author) relies on: -ResultSize/-All on the Get cmdlets that page, tab
# completion of user and group names over the SCIM connection, and a sync summary that is shown, not hidden.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emulator = Start-ZiaEmulator
    Connect-TestZia $emulator | Out-Null
    $entra = Get-ZiaIdentityProvider 'Entra ID'
    $scim = Connect-ZiaScim -IdentityProvider $entra -PassThru
    $usersPath = "/$($emulator.OrgId)/$($entra.Id)/scim/Users"

    function Set-ScimConfig([hashtable] $Config) { Invoke-ZiaEmulator $emulator 'scim/config' -Method PUT -Body $Config | Out-Null }
    function Get-ServerUsers { @(Invoke-ZiaEmulator $emulator "scim/$($entra.Id)/users") }
    function Get-ServerGroups { @(Invoke-ZiaEmulator $emulator "scim/$($entra.Id)/groups") }
    function Clear-Requests { Invoke-ZiaEmulator $emulator 'requests' -Method DELETE | Out-Null }
    function Get-UserReads { @(Get-ZiaEmulatorRequest $emulator | Where-Object { $_.method -eq 'GET' -and $_.path -like '*/Users' }) }
    function Complete([string] $Line) { (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches }

}

AfterAll {
    Stop-ZiaEmulator $emulator
}

Describe 'Tab completion of SCIM user and group names' {
    BeforeAll {
        Invoke-ZiaEmulator $emulator "scim/$($entra.Id)/users" -Method POST -Body @(
            @{ userName = 'comp.ada@acme.example'; active = $true }
            @{ userName = 'comp.bob@acme.example'; active = $true }
        ) | Out-Null
        Invoke-ZiaEmulator $emulator "scim/$($entra.Id)/groups" -Method POST -Body @(@{ displayName = 'Completion Crew' }) | Out-Null
        Connect-ZiaScim -IdentityProvider $entra
    }

    It 'completes userNames from the server: the prefix filter first, then (refused, as Zscaler refuses sw) the names listed' {
        Clear-Requests
        (Complete 'Get-ZiaScimUser -UserName comp.').CompletionText | Should -Be @('comp.ada@acme.example', 'comp.bob@acme.example')
        $reads = Get-UserReads
        [uri]::UnescapeDataString($reads[0].query) | Should -Match 'filter=userName sw "comp\."'
        $reads[0].status | Should -Be 400
        $reads[1].query | Should -Match 'attributes=userName'
        # The refusal is remembered: the next completion asks nothing new (the names read are fresh for a minute).
        Clear-Requests
        (Complete 'Disable-ZiaScimUser comp.b').CompletionText | Should -Be 'comp.bob@acme.example'
        Get-UserReads | Should -BeNullOrEmpty
    }

    It 'completes group names, quoted when they hold a space' {
        (Complete "Add-ZiaScimGroupMember -Group 'Completion").CompletionText | Should -Be "'Completion Crew'"
        (Complete 'Get-ZiaScimGroup Compl').CompletionText | Should -Be "'Completion Crew'"
    }

    It 'answers nothing, and writes no error, when the server does not answer in time or refuses the token' {
        $bad = ConvertTo-SecureString 'not-the-token' -AsPlainText -Force
        Connect-ZiaScim -BaseUrl $scim.BaseUrl -BearerToken $bad
        try {
            $Error.Clear()
            Complete 'Get-ZiaScimUser -UserName comp.' | Should -BeNullOrEmpty
            $Error.Count | Should -Be 0
        }
        finally { Connect-ZiaScim -IdentityProvider $entra }

        Set-ZiaEmulatorFault $emulator slow -Path $usersPath -DelayMs 10000
        try {
            Complete 'Get-ZiaScimGroup -DisplayName Zz' | Out-Null
            Complete 'Get-ZiaScimUser -UserName zz' | Should -BeNullOrEmpty
        }
        finally { Invoke-ZiaEmulator $emulator 'faults' -Method DELETE | Out-Null }
    }
}

Describe '-ResultSize and -All on Get-ZiaScimUser and Get-ZiaScimGroup' {
    BeforeAll {
        # More users and groups than the default -ResultSize of 1000, on pages of 100.
        Invoke-ZiaEmulator $emulator "scim/$($entra.Id)/users" -Method POST -Body @(1..1150 | ForEach-Object { @{ userName = ('bulk{0:d4}@acme.example' -f $_); active = $true } }) | Out-Null
        Invoke-ZiaEmulator $emulator "scim/$($entra.Id)/groups" -Method POST -Body @(1..1010 | ForEach-Object { @{ displayName = ('Team {0:d4}' -f $_) } }) | Out-Null
        Set-ScimConfig @{ maxPageSize = 100 }
        Connect-ZiaScim -IdentityProvider $entra
    }

    It 'writes 1000 users by default, warns that the server holds more and names -All, and stops paging there' {
        Clear-Requests
        $users = @(Get-ZiaScimUser -WarningVariable warned 3>$null)
        $users.Count | Should -Be 1000
        @($warned).Count | Should -Be 1
        "$warned" | Should -Match 'more users than the 1000 written'
        "$warned" | Should -Match '-All'
        # 1001 users read (the one past the size says "more"): 10 pages of 100 and one of 1, not the 12 pages of all.
        # Pages, not requests: the SCIM limiter is on here, and a page refused (a busy machine can bunch two requests)
        # or timed out is asked again with the same query.
        $pages = @((Get-UserReads).query | Select-Object -Unique)
        $pages.Count | Should -Be 11
        $pages[-1] | Should -Match 'count=1(&|$)'
    }

    It 'reads every user with -All, without a warning' {
        $all = @(Get-ZiaScimUser -All -WarningVariable warned)
        $all.Count | Should -Be (Get-ServerUsers).Count
        $all.Count | Should -BeGreaterThan 1150
        $warned | Should -BeNullOrEmpty
    }

    It 'takes a -ResultSize given as what was asked for: no warning, and no page past it' {
        Clear-Requests
        $some = @(Get-ZiaScimUser -ResultSize 150 -WarningVariable warned)
        $some.Count | Should -Be 150
        $warned | Should -BeNullOrEmpty
        (Get-UserReads).Count | Should -Be 2
    }

    It 'counts wildcard matches against the size and stops reading once one more has matched' {
        Clear-Requests
        $matched = @(Get-ZiaScimUser 'bulk00*' -ResultSize 5 -WarningVariable warned)
        $matched.UserName | Should -Be @('bulk0001@acme.example', 'bulk0002@acme.example', 'bulk0003@acme.example', 'bulk0004@acme.example', 'bulk0005@acme.example')
        (Get-UserReads).Count | Should -BeLessThan 3
    }

    It 'refuses -ResultSize with -All before any request' {
        Clear-Requests
        { Get-ZiaScimUser -ResultSize 10 -All -ErrorAction Stop } | Should -Throw -ErrorId 'ScimResultSizeWithAll,ZscalerScim.Commands.GetZiaScimUserCommand'
        Get-UserReads | Should -BeNullOrEmpty
    }

    It 'writes 1000 groups by default with the warning, and every group with -All' {
        @(Get-ZiaScimGroup -WarningVariable warned 3>$null).Count | Should -Be 1000
        "$warned" | Should -Match 'more groups than the 1000 written'
        @(Get-ZiaScimGroup -All).Count | Should -Be (Get-ServerGroups).Count
    }

    It 'never cuts a lookup by exact name' {
        (Get-ZiaScimGroup 'Team 1005').DisplayName | Should -Be 'Team 1005'
        (Get-ZiaScimUser 'bulk1150@acme.example').UserName | Should -Be 'bulk1150@acme.example'
    }
}

Describe 'The sync summary is shown' {
    It 'prints the summary in a console even with the results sent elsewhere (not under -InformationAction Ignore), and keeps it as numbers for a script' {
        $tokenPath = Join-Path $TestDrive 'token.clixml'
        [pscredential]::new('scim', (Get-ZiaScimBearerToken 'Entra ID')) | Export-Clixml -Path $tokenPath
        $script = Join-Path $TestDrive 'sync.ps1'
        Set-Content -Path $script -Value @'
param($Url, $TokenPath)
Import-Module $env:ZSCALERSCIM_MODULE
Connect-ZiaScim -BaseUrl $Url -BearerToken (Import-Clixml $TokenPath).Password
[pscustomobject]@{ userName = 'summary.one@acme.example' } | Sync-ZiaScimUser -Confirm:$false | Out-Null
[pscustomobject]@{ userName = 'summary.one@acme.example' } | Sync-ZiaScimUser -Confirm:$false -InformationAction Ignore | Out-Null
'@
        $printed = & dotnet (Join-Path $PSHOME 'pwsh.dll') -NoProfile -NonInteractive -File $script -Url "$($scim.BaseUrl)" -TokenPath $tokenPath 2>&1
        ($printed -join "`n") | Should -Match 'Sync-ZiaScimUser: 1 created\.'
        # The second run was told -InformationAction Ignore: its line is not shown.
        @($printed | Where-Object { "$_" -like 'Sync-ZiaScimUser:*' }).Count | Should -Be 1

        $results = @([pscustomobject]@{ userName = 'summary.one@acme.example' }; [pscustomobject]@{ userName = 'summary.two@acme.example' }) |
            Sync-ZiaScimUser -Confirm:$false -InformationVariable info 6>$null
        # The output stays one result per user: a summary is no output object.
        $results.Count | Should -Be 2
        $results | ForEach-Object { $_ | Should -BeOfType ZscalerScim.ScimSyncResult }
        $summary = @($info | Where-Object Tags -contains 'ScimSyncSummary').MessageData
        $summary.Count | Should -Be 1
        $summary[0].Created | Should -Be 1
        $summary[0].Unchanged | Should -Be 1
        $summary[0].Failed | Should -Be 0
        "$summary" | Should -Be 'Sync-ZiaScimUser: 1 created, 1 unchanged.'
        (Get-ServerUsers).userName | Should -Contain 'summary.two@acme.example'
    }
}
