# SCIM provisioning setup on identity providers through the (undocumented) Admin Portal API.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emulator = Start-ZiaEmulator
    Connect-TestZia $emulator | Out-Null

    function Get-State { Invoke-ZiaEmulator $emulator 'state' }
    function Get-PendingIdp([string] $Name) { (Get-State).pending.idps | Where-Object name -eq $Name }
    function Get-ActiveIdp([string] $Name) { (Get-State).active.idps | Where-Object name -eq $Name }
    function Clear-Requests { Invoke-ZiaEmulator $emulator 'requests' -Method DELETE | Out-Null }
    function Get-Writes { @(Get-ZiaEmulatorRequest $emulator | Where-Object { $_.path -like '/zsapi/*' -and $_.method -in 'PUT', 'POST' -and $_.path -notlike '*authenticatedSession' }) }
    function Add-Idp([hashtable] $Fields) { Invoke-ZiaEmulator $emulator 'idps' -Method POST -Body $Fields }
    function New-FullIdp([string] $Name, [hashtable] $Extra = @{}) {
        $idp = @{
            name = $Name; enabled = $true; userRepositoryType = 'HOSTED_DB'; autoProvision = $false; scimEnabled = $false
            scimServiceProviderEndpoint = ''; scimSharedSecretExists = $false; scimSharedSecret = ''
            loginUrl = 'https://idp.acme.example/sso'; idpEntityId = 'https://idp.acme.example'; signSamlRequest = $true
            redirectBinding = $false; lastModifiedTime = 1700000000
        }
        foreach ($k in $Extra.Keys) { $idp[$k] = $Extra[$k] }
        Add-Idp $idp
    }
}

AfterAll {
    Stop-ZiaEmulator $emulator
}

Describe 'Get-ZiaIdentityProvider' {
    It 'lists every identity provider with its SCIM state' {
        $all = Get-ZiaIdentityProvider
        $all.Name | Should -Contain 'Okta'
        $all.Name | Should -Contain 'Corp AD'
        $entra = $all | Where-Object Name -eq 'Entra ID'
        $entra | Should -BeOfType ZscalerScim.ZiaIdentityProvider
        $entra.ScimProvisioning | Should -BeTrue
        $entra.HasBearerToken | Should -BeTrue
        $entra.UserRepository | Should -Be 'HostedDb'
        ($all | Where-Object Name -eq 'Corp AD').UserRepository | Should -Be 'ActiveDirectory'
        ($all | Where-Object Name -eq 'Corp LDAP').UserRepository | Should -Be 'OpenLdap'
        ($all | Where-Object Name -eq 'Okta').SamlAutoProvisioning | Should -BeTrue
    }

    It 'filters by wildcard and by id' {
        @(Get-ZiaIdentityProvider 'okta*').Name | Should -Be @('Okta', 'Okta Preview')
        $okta = Get-ZiaIdentityProvider Okta
        (Get-ZiaIdentityProvider -Id $okta.Id).Name | Should -Be 'Okta'
    }

    It 'reports a literal name that matches nothing as not found' {
        $out = Get-ZiaIdentityProvider 'No Such IdP' -ErrorVariable errs -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ZiaIdentityProviderNotFound*'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errs[0].TargetObject | Should -Be 'No Such IdP'
    }

    It 'gives no output and no error for a wildcard that matches nothing' {
        Get-ZiaIdentityProvider 'Nothing*' -ErrorVariable errs | Should -BeNullOrEmpty
        $errs | Should -BeNullOrEmpty
    }

    It 'says plainly that a OneAPI session cannot reach identity providers, and calls nothing' {
        $oneApi = Connect-Zia -BaseUri $emulator.BaseUri -VanityDomain acme -ClientId $emulator.ClientId -ClientSecret $emulator.ClientSecret -PassThru
        Clear-Requests
        $err = { Get-ZiaIdentityProvider -Session $oneApi -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ZiaPortalRequiresApiKey*'
        $err.Exception.Message | Should -Match 'Admin Portal API'
        $err.Exception.Message | Should -Match 'API key'
        @(Get-ZiaEmulatorRequest $emulator -Path '/zsapi/*').Count | Should -Be 0
        Connect-TestZia $emulator | Out-Null
    }
}

Describe 'Identity provider name completion' {
    It 'completes names from the current session, quoting those with spaces' {
        $line = 'Get-ZiaIdentityProvider -Name Okt'
        $names = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $names | Should -Contain 'Okta'
        $names | Should -Contain "'Okta Preview'"
        $line = "New-ZiaScimBearerToken -IdentityProvider 'Entra"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain "'Entra ID'"
    }

    It 'offers nothing, and writes no error, where no session is connected' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$env:ZSCALERSCIM_MODULE'; `$line = 'Enable-ZiaScimProvisioning -IdentityProvider O'; (TabExpansion2 -inputScript `$line -cursorColumn `$line.Length).CompletionMatches.Count")
            $count = $ps.Invoke()
            $count | Should -Be 0
            $ps.Streams.Error.Count | Should -Be 0
        }
        finally { $ps.Dispose() }
    }
}

Describe 'Enable-ZiaScimProvisioning' {
    It "runs the README's workflow as one pipeline on exactly the one IdP it names" {
        $before = (Get-State).activationCount
        $endpoints = Get-ZiaIdentityProvider -Name Okta | Enable-ZiaScimProvisioning -Activate -PassThru -Confirm:$false | Get-ZiaScimBaseUrl
        @($endpoints).Count | Should -Be 1
        $endpoints[0] | Should -BeOfType ZscalerScim.ScimEndpoint
        $endpoints[0].IdentityProvider | Should -Be 'Okta'
        (Get-ActiveIdp 'Okta').scimEnabled | Should -BeTrue
        (Get-ActiveIdp 'Okta').autoProvision | Should -BeFalse
        # 'Okta Preview' also starts with 'Okta' but is not named: untouched.
        (Get-PendingIdp 'Okta Preview').scimEnabled | Should -BeFalse
        (Get-State).activationCount | Should -Be ($before + 1)
    }

    It 'changes every IdP a piped wildcard lists, activating once, and refuses the same wildcard as a parameter' {
        Clear-Requests
        Get-ZiaIdentityProvider 'Okta*' | Enable-ZiaScimProvisioning -WhatIf
        Get-Writes | Should -BeNullOrEmpty
        (Get-PendingIdp 'Okta Preview').scimEnabled | Should -BeFalse

        Enable-ZiaScimProvisioning -IdentityProvider 'Okta*' -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ZiaIdentityProviderAmbiguous*'
        $errs[0].Exception.Message | Should -Match "Get-ZiaIdentityProvider 'Okta\*' \|"
        Get-Writes | Should -BeNullOrEmpty

        $before = (Get-State).activationCount
        Get-ZiaIdentityProvider 'Okta*' | Enable-ZiaScimProvisioning -Activate -Confirm:$false
        foreach ($name in 'Okta', 'Okta Preview') { (Get-ActiveIdp $name).scimEnabled | Should -BeTrue }
        (Get-State).activationCount | Should -Be ($before + 1)
    }

    It 'sends back every field it does not know, untouched' {
        $idp = New-FullIdp 'Roundtrip' @{ autoProvision = $true; customThing = @{ nested = 1; list = @('a', 'b') }; vendorName = 'PING' }
        $before = Get-PendingIdp 'Roundtrip'
        Enable-ZiaScimProvisioning -IdentityProvider 'Roundtrip' -Confirm:$false
        $after = Get-PendingIdp 'Roundtrip'
        $after.scimEnabled | Should -BeTrue
        $after.autoProvision | Should -BeFalse
        ($after.customThing | ConvertTo-Json -Compress) | Should -Be ($before.customThing | ConvertTo-Json -Compress)
        $after.vendorName | Should -Be 'PING'
    }

    It 'warns without -Activate that the change is saved but not active, naming Publish-ZiaChange' {
        New-FullIdp 'Pending Warn' @{ autoProvision = $true } | Out-Null
        $before = (Get-State).activationCount
        Enable-ZiaScimProvisioning -IdentityProvider 'Pending Warn' -Confirm:$false -WarningVariable warned 3>$null
        (Get-PendingIdp 'Pending Warn').scimEnabled | Should -BeTrue
        (Get-State).activationCount | Should -Be $before
        "$warned" | Should -Match 'NOT activated'
        "$warned" | Should -Match 'Publish-ZiaChange'
        # With -Activate nothing is pending, so nothing is said.
        New-FullIdp 'Active Quiet' @{ autoProvision = $true } | Out-Null
        Enable-ZiaScimProvisioning -IdentityProvider 'Active Quiet' -Activate -Confirm:$false -WarningVariable quiet 3>$null
        $quiet | Should -BeNullOrEmpty
        (Get-ActiveIdp 'Active Quiet').scimEnabled | Should -BeTrue
    }

    It 'writes nothing when SCIM is already on, and says so' {
        Clear-Requests
        $verbose = Enable-ZiaScimProvisioning -IdentityProvider 'Entra ID' -Confirm:$false -Verbose 4>&1 | Out-String
        $verbose | Should -Match 'already on'
        Get-Writes | Should -BeNullOrEmpty
    }

    It 'changes nothing under -WhatIf' {
        $id = (New-FullIdp 'WhatIf IdP' @{ autoProvision = $true }).id
        Clear-Requests
        Enable-ZiaScimProvisioning -IdentityProvider $id -WhatIf
        Get-Writes | Should -BeNullOrEmpty
        (Get-PendingIdp 'WhatIf IdP').scimEnabled | Should -BeFalse
    }

    It 'refuses an Active Directory repository without -MigrateFromDirectorySync, changing nothing' {
        Clear-Requests
        $err = { Enable-ZiaScimProvisioning -IdentityProvider 'Corp AD' -Confirm:$false -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ZiaScimNeedsDirectorySyncMigration*'
        $err.CategoryInfo.Category | Should -Be 'InvalidOperation'
        $err.Exception.Message | Should -Match 'MigrateFromDirectorySync'
        $err.Exception.Message | Should -Match 'Nothing was changed'
        Get-Writes | Should -BeNullOrEmpty
        @(Get-ZiaEmulatorRequest $emulator -Path '/api/v1/authSettings' | Where-Object method -eq PUT).Count | Should -Be 0
    }

    It 'turns the migration back off when the identity provider then refuses SCIM' {
        $id = (New-FullIdp 'AD Two' @{ userRepositoryType = 'ACTIVE_DIRECTORY' }).id
        Set-ZiaEmulatorFault $emulator -Kind readOnly -Method PUT -Path "/zsapi/v1/idpConfig/$id"
        $err = { Enable-ZiaScimProvisioning -IdentityProvider $id -MigrateFromDirectorySync -Activate -Confirm:$false -ErrorAction Stop } | Should -Throw -PassThru
        $err.Exception.Message | Should -Match 'turned back off; the settings are as before'
        (Get-State).pending.authSettings.directorySyncMigrateToScimEnabled | Should -BeFalse
        (Get-PendingIdp 'AD Two').scimEnabled | Should -BeFalse
    }

    It 'leaves the migration on and says what the tenant holds when the IdP write is saved but not read back' {
        New-FullIdp 'AD Three' @{ userRepositoryType = 'ACTIVE_DIRECTORY' } | Out-Null
        $id = (Get-PendingIdp 'AD Three').id
        $before = (Get-State).activationCount
        # The PUT lands; only reading the IdP back fails (403).
        Set-ZiaEmulatorFault $emulator -Kind readOnly -Method GET -Path "/zsapi/v1/idpConfig/$id"
        $err = { Enable-ZiaScimProvisioning -IdentityProvider 'AD Three' -MigrateFromDirectorySync -Activate -Confirm:$false -ErrorAction Stop 3>$null } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ZiaIdentityProviderNotVerified*'
        $err.Exception.Message | Should -Match 'was turned on \(saved, not active\)'
        $err.Exception.Message | Should -Match "SCIM was saved on 'AD Three' but not confirmed"
        $err.Exception.Message | Should -Not -Match 'turned back off|nothing is left changed'
        # What the message says is what the tenant holds: both saved, nothing activated.
        (Get-State).pending.authSettings.directorySyncMigrateToScimEnabled | Should -BeTrue
        (Get-PendingIdp 'AD Three').scimEnabled | Should -BeTrue
        (Get-State).activationCount | Should -Be $before
        Invoke-ZiaEmulator $emulator 'authSettings' -Method PUT -Body @{ directorySyncMigrateToScimEnabled = $false } | Out-Null
    }

    It 'keeps the migration when the IdP write got no answer, and says SCIM may be on' {
        New-FullIdp 'AD Four' @{ userRepositoryType = 'ACTIVE_DIRECTORY' } | Out-Null
        $id = (Get-PendingIdp 'AD Four').id
        $short = Connect-TestZia $emulator @{ TimeoutSec = 1 }
        try {
            # The service saves the IdP after the client stopped waiting.
            Set-ZiaEmulatorFault $emulator -Kind slow -DelayMs 2500 -Method PUT -Path "/zsapi/v1/idpConfig/$id"
            $err = { Enable-ZiaScimProvisioning -Session $short -IdentityProvider 'AD Four' -MigrateFromDirectorySync -Confirm:$false -ErrorAction Stop } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -BeLike 'ZiaSaveUnconfirmed*'
            $err.Exception.Message | Should -Match "whether SCIM was enabled on 'AD Four' is unknown"
            Start-Sleep -Milliseconds 2500
            (Get-State).pending.authSettings.directorySyncMigrateToScimEnabled | Should -BeTrue
            (Get-PendingIdp 'AD Four').scimEnabled | Should -BeTrue
        }
        finally {
            Invoke-ZiaEmulator $emulator 'authSettings' -Method PUT -Body @{ directorySyncMigrateToScimEnabled = $false } | Out-Null
            Connect-TestZia $emulator | Out-Null
        }
    }

    It 'migrates off directory sync with -MigrateFromDirectorySync' {
        Enable-ZiaScimProvisioning -IdentityProvider 'Corp LDAP' -MigrateFromDirectorySync -Confirm:$false
        $state = Get-State
        $state.pending.authSettings.directorySyncMigrateToScimEnabled | Should -BeTrue
        ($state.pending.idps | Where-Object name -eq 'Corp LDAP').scimEnabled | Should -BeTrue
        (Get-ZiaAuthenticationSetting).DirectorySyncMigrateToScim | Should -BeTrue
    }

    It 'needs no switch for a directory repository once the organization is migrated' {
        Enable-ZiaScimProvisioning -IdentityProvider 'Corp AD' -Confirm:$false -PassThru | Select-Object -ExpandProperty ScimProvisioning | Should -BeTrue
    }

    It 'does not activate when an item of the same command failed' {
        New-FullIdp 'Guarded' @{ autoProvision = $true } | Out-Null
        $before = (Get-State).activationCount
        'Guarded', 'No Such IdP' | Enable-ZiaScimProvisioning -Activate -Confirm:$false -ErrorAction SilentlyContinue -WarningVariable warnings 3>$null
        "$warnings" | Should -Match 'Not activated'
        (Get-State).activationCount | Should -Be $before
        (Get-PendingIdp 'Guarded').scimEnabled | Should -BeTrue
    }

    It 'refuses to write an identity provider that lacks a field it would change (drift guard)' {
        Add-Idp @{ name = 'Drifted'; enabled = $true; userRepositoryType = 'HOSTED_DB'; autoProvision = $true } | Out-Null
        Clear-Requests
        $err = { Enable-ZiaScimProvisioning -IdentityProvider 'Drifted' -Confirm:$false -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ZiaApiChanged*'
        $err.CategoryInfo.Category | Should -Be 'InvalidData'
        $err.Exception.Message | Should -Match 'scimEnabled'
        $err.Exception.Message | Should -Match 'Nothing was changed'
        Get-Writes | Should -BeNullOrEmpty
    }

    It 'refuses an identity provider whose user repository it cannot tell (drift guard)' {
        Add-Idp @{ name = 'No Repo'; enabled = $true; autoProvision = $true; scimEnabled = $false; scimSharedSecret = '' } | Out-Null
        Clear-Requests
        { Enable-ZiaScimProvisioning -IdentityProvider 'No Repo' -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'ZiaApiChanged*'
        Get-Writes | Should -BeNullOrEmpty
    }

    It 'takes a name with brackets literally before treating it as a wildcard' {
        New-FullIdp 'Okta P' @{ autoProvision = $true } | Out-Null
        New-FullIdp 'Okta [Prod]' @{ autoProvision = $true } | Out-Null
        Enable-ZiaScimProvisioning -IdentityProvider 'Okta [Prod]' -Confirm:$false
        (Get-PendingIdp 'Okta [Prod]').scimEnabled | Should -BeTrue
        (Get-PendingIdp 'Okta P').scimEnabled | Should -BeFalse
    }

    It 'writes one error per failing item and goes on with the rest' {
        $results = 'Drifted', 'No Such IdP', 'WhatIf IdP' | Enable-ZiaScimProvisioning -PassThru -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
        @($results).Name | Should -Be @('WhatIf IdP')
        @($errs).Count | Should -Be 2
    }
}

Describe 'Disable-ZiaScimProvisioning' {
    It 'turns SCIM off' {
        New-FullIdp 'To Disable' @{ scimEnabled = $true } | Out-Null
        $idp = Disable-ZiaScimProvisioning -IdentityProvider 'To Disable' -Confirm:$false -PassThru
        $idp.ScimProvisioning | Should -BeFalse
        (Get-PendingIdp 'To Disable').scimEnabled | Should -BeFalse
    }

    It 'is high impact' {
        (Get-Command Disable-ZiaScimProvisioning).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact |
            Should -Be 'High'
    }
}

Describe 'Get-ZiaScimBaseUrl' {
    It 'builds the base URL and the Okta form from the organization and the IdP' {
        $okta = Get-ZiaIdentityProvider Okta
        $endpoint = Get-ZiaScimBaseUrl -IdentityProvider Okta -WarningVariable warnings
        $origin = $emulator.BaseUri.GetLeftPart('Authority')
        "$($endpoint.BaseUrl)" | Should -Be "$origin/$($emulator.OrgId)/$($okta.Id)/scim"
        # The portal's instruction for Okta: only the /<orgId>/<idpId>/ parts.
        $endpoint.OktaBaseUrl | Should -BeOfType [string]
        $endpoint.OktaBaseUrl | Should -BeExactly "/$($emulator.OrgId)/$($okta.Id)/"
        "$endpoint" | Should -Be "$($endpoint.BaseUrl)"
        $endpoint.OrgId | Should -Be $emulator.OrgId
        $endpoint.Cloud | Should -Be 'zscalertwo'
        $endpoint.IsDeprecated | Should -BeFalse
        $warnings | Should -BeNullOrEmpty
    }

    It 'gives one endpoint per SCIM-enabled identity provider by default' {
        $enabled = @(Get-ZiaIdentityProvider | Where-Object ScimProvisioning)
        @(Get-ZiaScimBaseUrl).Count | Should -Be $enabled.Count
    }

    It 'warns, naming both, when the portal reports another URL' {
        New-FullIdp 'Mismatch' @{ scimEnabled = $true; scimServiceProviderEndpoint = 'https://scim.zscalerthree.net/1/2/scim' } | Out-Null
        $endpoint = Get-ZiaScimBaseUrl -IdentityProvider 'Mismatch' -WarningVariable warnings 3>$null
        "$warnings" | Should -Match ([regex]::Escape('https://scim.zscalerthree.net/1/2/scim'))
        "$warnings" | Should -Match ([regex]::Escape("$($endpoint.BaseUrl)"))
    }

    It 'flags the deprecated per-organization URL' {
        $old = "$($emulator.BaseUri.GetLeftPart('Authority'))/$($emulator.OrgId)/scim"
        New-FullIdp 'Old URL' @{ scimEnabled = $true; scimServiceProviderEndpoint = $old } | Out-Null
        $endpoint = Get-ZiaScimBaseUrl -IdentityProvider 'Old URL' -WarningVariable warnings 3>$null
        $endpoint.IsDeprecated | Should -BeTrue
        "$warnings" | Should -Match 'deprecated'
    }
}

Describe 'SCIM bearer tokens' {
    It 'reads the token as a SecureString, or plain text on request' {
        $secure = Get-ZiaScimBearerToken -IdentityProvider 'Entra ID'
        $secure | Should -BeOfType [securestring]
        $plain = Get-ZiaScimBearerToken -IdentityProvider 'Entra ID' -AsPlainText
        $plain | Should -Be (Get-ActiveIdp 'Entra ID').scimSharedSecret
        [pscredential]::new('t', $secure).GetNetworkCredential().Password | Should -Be $plain
    }

    It 'takes the identity provider from a piped SCIM endpoint or a CSV row' {
        $fromEndpoint = Get-ZiaScimBaseUrl 'Entra ID' | Get-ZiaScimBearerToken -AsPlainText
        $fromRow = [pscustomobject]@{ IdentityProvider = 'Entra ID' } | Get-ZiaScimBearerToken -AsPlainText
        $fromEndpoint | Should -Be (Get-ActiveIdp 'Entra ID').scimSharedSecret
        $fromRow | Should -Be $fromEndpoint
    }

    It 'says when an identity provider has no token yet' {
        New-FullIdp 'No Token' | Out-Null
        { Get-ZiaScimBearerToken -IdentityProvider 'No Token' -ErrorAction Stop } | Should -Throw -ErrorId 'ZiaBearerTokenNotSet*'
    }

    It 'generates, saves and activates a new token, and warns that the IdP needs it' {
        $old = (Get-ActiveIdp 'Okta').scimSharedSecret
        $before = (Get-State).activationCount
        $token = New-ZiaScimBearerToken -IdentityProvider Okta -Activate -Confirm:$false -WarningVariable warnings 3>$null
        $token | Should -BeOfType [securestring]
        $plain = [pscredential]::new('t', $token).GetNetworkCredential().Password
        $active = Get-ActiveIdp 'Okta'
        $active.scimSharedSecret | Should -Be $plain
        $active.scimSharedSecret | Should -Not -Be $old
        (Get-State).activationCount | Should -Be ($before + 1)
        # Okta had no token yet: nothing was replaced.
        "$warnings" | Should -Match 'had no SCIM bearer token'
        $second = New-ZiaScimBearerToken -IdentityProvider Okta -Confirm:$false -WarningVariable again 3>$null
        $second | Should -BeOfType [securestring]
        "$again" | Should -Match 'was replaced'
        "$again" | Should -Match 'old token stops working'
        Publish-ZiaChange -Confirm:$false
    }

    It 'says a first token was set, not replaced, on an IdP that had none' {
        New-FullIdp 'First Token' | Out-Null
        $token = New-ZiaScimBearerToken -IdentityProvider 'First Token' -Confirm:$false -WarningVariable warnings 3>$null
        $token | Should -BeOfType [securestring]
        "$warnings" | Should -Not -Match 'replaced'
        "$warnings" | Should -Match 'had no SCIM bearer token'
    }

    It 'returns the token with an error when the save is not confirmed (<Kind> on the read-back)' -TestCases @(
        @{ Kind = 'readOnly' }, @{ Kind = 'htmlProxy' }, @{ Kind = 'malformedJson' }
    ) {
        param($Kind)
        $name = "Readback $Kind"
        New-FullIdp $name @{ scimSharedSecret = 'old-token-0123456789'; scimSharedSecretExists = $true } | Out-Null
        $id = (Get-PendingIdp $name).id
        Set-ZiaEmulatorFault $emulator -Kind $Kind -Method GET -Path "/zsapi/v1/idpConfig/$id"
        $token = New-ZiaScimBearerToken -IdentityProvider $name -Activate -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue 3>$null
        # The tenant holds this token now (saved, pending): the caller has it.
        $token | Should -BeOfType [securestring]
        [pscredential]::new('t', $token).GetNetworkCredential().Password | Should -Be (Get-PendingIdp $name).scimSharedSecret
        @($errs).Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ZiaIdentityProviderNotVerified*'
        $errs[0].Exception.Message | Should -Match 'keep the token'
        $errs[0].Exception.Message | Should -Not -Match 'stays in force'
        # An unconfirmed item activates nothing: the old token keeps working meanwhile.
        (Get-ActiveIdp $name).scimSharedSecret | Should -Be 'old-token-0123456789'
    }

    It 'returns the token when the save got no answer (<Kind> on the PUT)' -TestCases @(
        @{ Kind = 'slow'; Saved = $true }, @{ Kind = 'drop'; Saved = $false }
    ) {
        param($Kind, $Saved)
        $name = "No answer $Kind"
        New-FullIdp $name @{ scimSharedSecret = 'old-token-0123456789'; scimSharedSecretExists = $true } | Out-Null
        $id = (Get-PendingIdp $name).id
        $short = Connect-TestZia $emulator @{ TimeoutSec = 1; MaxRetry = 0 }
        try {
            Set-ZiaEmulatorFault $emulator -Kind $Kind -DelayMs 2500 -Method PUT -Path "/zsapi/v1/idpConfig/$id"
            $token = New-ZiaScimBearerToken -Session $short -IdentityProvider $name -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue 3>$null
            $token | Should -BeOfType [securestring]
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'ZiaSaveUnconfirmed*'
            $errs[0].Exception.Message | Should -Match 'may have been saved'
            Start-Sleep -Milliseconds 2500
            $plain = [pscredential]::new('t', $token).GetNetworkCredential().Password
            if ($Saved) { (Get-PendingIdp $name).scimSharedSecret | Should -Be $plain }
            else { (Get-PendingIdp $name).scimSharedSecret | Should -Be 'old-token-0123456789' }
        }
        finally {
            Connect-TestZia $emulator | Out-Null
        }
    }

    It 'keeps the token in -OutVariable when -ErrorAction Stop ends the command on an unconfirmed save' {
        New-FullIdp 'Readback Stop' @{ scimSharedSecret = 'old-token-0123456789'; scimSharedSecretExists = $true } | Out-Null
        $id = (Get-PendingIdp 'Readback Stop').id
        Set-ZiaEmulatorFault $emulator -Kind readOnly -Method GET -Path "/zsapi/v1/idpConfig/$id"
        # As the help's Example 6 does it.
        $errorId = $null
        try {
            New-ZiaScimBearerToken -IdentityProvider 'Readback Stop' -Confirm:$false -ErrorAction Stop -OutVariable kept 3>$null | Out-Null
        }
        catch {
            $errorId = $_.FullyQualifiedErrorId
        }
        $errorId | Should -BeLike 'ZiaIdentityProviderNotVerified*'
        @($kept).Count | Should -Be 1
        [pscredential]::new('t', $kept[0]).GetNetworkCredential().Password | Should -Be (Get-PendingIdp 'Readback Stop').scimSharedSecret
    }

    It 'returns no token when the service refuses the save, and says the current one stays' {
        New-FullIdp 'Refused Save' @{ scimSharedSecret = 'old-token-0123456789'; scimSharedSecretExists = $true } | Out-Null
        $id = (Get-PendingIdp 'Refused Save').id
        Set-ZiaEmulatorFault $emulator -Kind readOnly -Method PUT -Path "/zsapi/v1/idpConfig/$id"
        $token = New-ZiaScimBearerToken -IdentityProvider 'Refused Save' -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue 3>$null
        $token | Should -BeNullOrEmpty
        $errs[0].Exception.Message | Should -Match 'not saved'
        $errs[0].Exception.Message | Should -Match 'current token stays in force'
        (Get-PendingIdp 'Refused Save').scimSharedSecret | Should -Be 'old-token-0123456789'
    }

    It 'refuses a wildcard that matches two identity providers, generating nothing' {
        Clear-Requests
        $err = { New-ZiaScimBearerToken -IdentityProvider 'Okta*' -Confirm:$false -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ZiaIdentityProviderAmbiguous*'
        $err.Exception.Message | Should -Match "'Okta', 'Okta Preview'"
        Get-Writes | Should -BeNullOrEmpty
    }

    It 'generates nothing under -WhatIf' {
        $old = (Get-PendingIdp 'Okta Preview').scimSharedSecret
        Clear-Requests
        New-ZiaScimBearerToken -IdentityProvider 'Okta Preview' -WhatIf | Should -BeNullOrEmpty
        Get-Writes | Should -BeNullOrEmpty
        (Get-PendingIdp 'Okta Preview').scimSharedSecret | Should -Be $old
    }

    It 'keeps the token out of every stream and the transcript unless -AsPlainText' {
        $transcript = Join-Path $TestDrive 'token.txt'
        Start-Transcript -Path $transcript | Out-Null
        $streams = & {
            $VerbosePreference = 'Continue'; $DebugPreference = 'Continue'
            $t = New-ZiaScimBearerToken -IdentityProvider 'Okta Preview' -Confirm:$false
            $t
            Get-ZiaScimBearerToken -IdentityProvider 'Okta Preview'
            Get-ZiaIdentityProvider 'Okta Preview' | Format-List * | Out-String
        } *>&1 | Out-String
        Stop-Transcript | Out-Null
        $token = (Get-PendingIdp 'Okta Preview').scimSharedSecret
        $token | Should -Not -BeNullOrEmpty
        $streams | Should -Match 'generateBearerToken'
        $streams.Contains($token) | Should -BeFalse
        (Get-Content $transcript -Raw).Contains($token) | Should -BeFalse
        Get-ZiaScimBearerToken -IdentityProvider 'Okta Preview' -AsPlainText | Should -Be $token
    }
}
