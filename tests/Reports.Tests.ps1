# What a runbook exports (Export-Csv, ConvertTo-Csv) of each command's output reads as text a person can use:
# no cell is a .NET type name such as System.String[] or System.Collections..., and the lists stay lists for scripts.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emulator = Start-ZiaEmulator
    Invoke-ZiaEmulator $emulator 'config' -Method PUT -Body @{ rateLimits = $false } | Out-Null
    Invoke-ZiaEmulator $emulator 'scim/config' -Method PUT -Body @{ rateLimit = $false } | Out-Null
    Connect-TestZia $emulator | Out-Null
    $entra = Get-ZiaIdentityProvider 'Entra ID'
    Connect-ZiaScim -IdentityProvider $entra -RequestsPerSecond 50
    $secretSignIn = @{
        TenantId = $emulator.EntraTenantId; ClientId = $emulator.EntraClientId; ClientSecret = $emulator.EntraClientSecret
        GraphEndpoint = $emulator.GraphEndpoint; LoginEndpoint = $emulator.LoginEndpoint
    }

    # A cell that reads like a type name: System.String[], System.Collections.Generic.List`1[...], ZscalerScim.Foo, Newtonsoft...
    $typeName = '^(System|ZscalerScim|Newtonsoft|Microsoft)\.[\w.`\[\], ]+$|\[\]$'
    # A SecureString is the one exception: the report must never hold the secret, and its type name says so.
    $secret = 'System.Security.SecureString'

    function Get-TypeNameCell([object[]] $Objects) {
        # Every column of every row that reads like a type name, as "Column=value".
        $Objects | ConvertTo-Csv -NoTypeInformation | ConvertFrom-Csv | ForEach-Object {
            foreach ($p in $_.PSObject.Properties) {
                if ($p.Value -match $typeName -and $p.Value -ne $secret) { "$($p.Name)=$($p.Value)" }
            }
        } | Select-Object -Unique
    }

    $rows = 1..3 | ForEach-Object {
        [pscustomobject]@{ userName = "report$_@acme.example"; givenName = "Given$_"; familyName = "Family$_"; department = 'Sales'; externalId = "report-$_" }
    }
    $rows | Sync-ZiaScimUser -Confirm:$false | Out-Null
    $rows[0].department = 'Finance'
    $userResults = @($rows | Sync-ZiaScimUser -Confirm:$false)
    $groupResults = @([pscustomobject]@{ DisplayName = 'Report Group'; Members = 'report1@acme.example;report2@acme.example' } | Sync-ZiaScimGroup -Confirm:$false)
}

AfterAll {
    Stop-ZiaEmulator $emulator
}

Describe 'Exported results read as text' {
    It 'Sync-ZiaScimUser: every column, Changes as "attribute: old -> new" joined with "; "' {
        Get-TypeNameCell $userResults | Should -BeNullOrEmpty
        $updated = $userResults | Where-Object Action -eq 'Updated'
        ($updated | ConvertTo-Csv -NoTypeInformation | ConvertFrom-Csv).Changes | Should -Be "department: 'Sales' -> 'Finance'"
        $updated.Changes[0] | Should -Be "department: 'Sales' -> 'Finance'"
    }

    It 'Sync-ZiaScimGroup: members added and removed as names' {
        Get-TypeNameCell $groupResults | Should -BeNullOrEmpty
        ($groupResults | ConvertTo-Csv -NoTypeInformation | ConvertFrom-Csv).MembersAdded | Should -Be 'report1@acme.example; report2@acme.example'
    }

    It 'Get-ZiaScimUser: groups as names, still a list' {
        $users = @(Get-ZiaScimUser)
        $users.Count | Should -BeGreaterOrEqual 3
        Get-TypeNameCell $users | Should -BeNullOrEmpty
        $member = Get-ZiaScimUser -UserName 'report1@acme.example'
        ($member | ConvertTo-Csv -NoTypeInformation | ConvertFrom-Csv).Groups | Should -Be 'Report Group'
        $member.Groups -contains 'Report Group' | Should -BeTrue
        $member.Groups.Count | Should -Be 1
        $member.Groups.Length | Should -Be 1 -Because 'scripts written for the array it was keep working'
    }

    It 'Get-ZiaScimGroup: members and member ids as text, still lists' {
        $group = Get-ZiaScimGroup -DisplayName 'Report Group'
        Get-TypeNameCell @(Get-ZiaScimGroup) | Should -BeNullOrEmpty
        $csv = $group | ConvertTo-Csv -NoTypeInformation | ConvertFrom-Csv
        $csv.Members | Should -Be 'report1@acme.example; report2@acme.example'
        $csv.MemberIds | Should -Match '^[^;]+; [^;]+$'
        $group.MemberIds.Count | Should -Be 2
        $group.Members[1] | Should -Be 'report2@acme.example'
    }

    It 'Test-ZiaScimConnection, Get-ZiaScimConnection and Get-ZiaScimBaseUrl' {
        Get-TypeNameCell @(Test-ZiaScimConnection) | Should -BeNullOrEmpty
        Get-TypeNameCell @(Get-ZiaScimConnection) | Should -BeNullOrEmpty
        Get-TypeNameCell @(Get-ZiaScimBaseUrl $entra) | Should -BeNullOrEmpty
    }

    It 'the ZIA reads: organization (domains as text), session, identity providers, authentication settings, activation status' {
        $organization = Get-ZiaOrganization
        Get-TypeNameCell @($organization) | Should -BeNullOrEmpty
        ($organization | ConvertTo-Csv -NoTypeInformation | ConvertFrom-Csv).Domains | Should -Be ($organization.Domains -join '; ')
        Get-TypeNameCell @(Get-ZiaSession) | Should -BeNullOrEmpty
        Get-TypeNameCell @(Get-ZiaIdentityProvider) | Should -BeNullOrEmpty
        Get-TypeNameCell @(Get-ZiaAuthenticationSetting) | Should -BeNullOrEmpty
        Get-TypeNameCell @(Get-ZiaActivationStatus) | Should -BeNullOrEmpty
    }

    It 'Entra ID provisioning and the token rotation result (the token itself stays a SecureString)' {
        $app = $emulator.EntraServicePrincipal
        Get-TypeNameCell @(Set-ZiaScimEntraProvisioning $app -IdentityProvider 'Entra ID' @secretSignIn -Confirm:$false) | Should -BeNullOrEmpty
        Get-TypeNameCell @(Get-ZiaScimEntraProvisioning $app @secretSignIn) | Should -BeNullOrEmpty
        $rotation = Update-ZiaScimBearerToken -IdentityProvider 'Entra ID' -ServicePrincipal $app @secretSignIn -Confirm:$false
        Get-TypeNameCell @($rotation) | Should -BeNullOrEmpty
        $rotation.Token | Should -BeOfType [securestring]
    }
}
