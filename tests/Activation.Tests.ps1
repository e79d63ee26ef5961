# Organization, authentication settings and ZIA's save-then-activate model.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emulator = Start-ZiaEmulator
    Connect-TestZia $emulator | Out-Null

    function Get-State { Invoke-ZiaEmulator $emulator 'state' }
    function Save-PendingChange {
        $current = (Get-ZiaAuthenticationSetting).SamlAutoProvisioning
        Set-ZiaAuthenticationSetting -SamlAutoProvisioning (-not $current) -Confirm:$false
    }
}

AfterAll {
    Stop-ZiaEmulator $emulator
}

Describe 'Get-ZiaOrganization' {
    It 'returns the organization with its registered domains' {
        $org = Get-ZiaOrganization
        $org | Should -BeOfType ZscalerScim.ZiaOrganization
        $org.OrgId | Should -Be $emulator.OrgId
        $org.Name | Should -Be 'Acme Corp'
        $org.CloudName | Should -Be 'zscalertwo.net'
        $org.Domains | Should -Contain 'acme.example'
    }

    It 'has a list view' {
        (Get-ZiaOrganization | Format-List | Out-String) | Should -Match 'Domains\s+: acme.example, acme.test'
    }
}

Describe 'Authentication settings' {
    It 'reads the settings' {
        $settings = Get-ZiaAuthenticationSetting
        $settings.OrgAuthType | Should -Be 'SAFECHANNEL_DIR'
        $settings.SamlEnabled | Should -BeTrue
    }

    It 'changes only the named field and sends the rest back untouched' {
        $before = (Get-State).pending.authSettings
        Set-ZiaAuthenticationSetting -SamlAutoProvisioning $true -Confirm:$false
        $after = (Get-State).pending.authSettings
        $after.autoProvision | Should -BeTrue
        foreach ($name in $before.PSObject.Properties.Name | Where-Object { $_ -ne 'autoProvision' }) {
            $after.$name | Should -Be $before.$name -Because "$name was not asked to change"
        }
    }

    It 'makes the change pending until activation' {
        Publish-ZiaChange -Confirm:$false
        Save-PendingChange
        (Get-ZiaActivationStatus).Status | Should -Be 'Pending'
        $state = Get-State
        $state.pending.authSettings.autoProvision | Should -Not -Be $state.active.authSettings.autoProvision
    }

    It 'writes nothing under -WhatIf' {
        Invoke-ZiaEmulator $emulator 'requests' -Method DELETE | Out-Null
        $value = (Get-ZiaAuthenticationSetting).SamlAutoProvisioning
        Set-ZiaAuthenticationSetting -SamlAutoProvisioning (-not $value) -WhatIf
        (Get-ZiaEmulatorRequest $emulator).method | Should -Not -Contain 'PUT'
        (Get-ZiaAuthenticationSetting).SamlAutoProvisioning | Should -Be $value
    }

    It 'writes nothing when the value is already there, and says so' {
        Invoke-ZiaEmulator $emulator 'requests' -Method DELETE | Out-Null
        $value = (Get-ZiaAuthenticationSetting).SamlAutoProvisioning
        $verbose = Set-ZiaAuthenticationSetting -SamlAutoProvisioning $value -Confirm:$false -Verbose 4>&1
        ($verbose | Out-String) | Should -Match 'nothing was written'
        (Get-ZiaEmulatorRequest $emulator).method | Should -Not -Contain 'PUT'
    }

    It 'activates once with -Activate and outputs the result with -PassThru' {
        $before = (Get-State).activationCount
        $value = (Get-ZiaAuthenticationSetting).SamlAutoProvisioning
        $result = Set-ZiaAuthenticationSetting -SamlAutoProvisioning (-not $value) -Activate -PassThru -Confirm:$false
        $result.SamlAutoProvisioning | Should -Be (-not $value)
        $state = Get-State
        $state.activationCount | Should -Be ($before + 1)
        $state.active.authSettings.autoProvision | Should -Be (-not $value)
    }
}

Describe 'Publish-ZiaChange' {
    It 'activates pending changes and reports the status with -PassThru' {
        Save-PendingChange
        $status = Publish-ZiaChange -Confirm:$false -PassThru
        $status.Status | Should -Be 'Active'
        (Get-State).activationStatus | Should -Be 'ACTIVE'
    }

    It 'spends no activation when nothing is pending' {
        $before = (Get-State).activationCount
        Publish-ZiaChange -Confirm:$false
        (Get-State).activationCount | Should -Be $before
    }

    It 'activates nothing under -WhatIf' {
        Save-PendingChange
        Publish-ZiaChange -WhatIf
        (Get-ZiaActivationStatus).Status | Should -Be 'Pending'
        Publish-ZiaChange -Confirm:$false
    }

    It 'waits for a slow activation with -Wait and shows progress' {
        Invoke-ZiaEmulator $emulator 'config' -Method PUT -Body @{ activationDelayMs = 3000 } | Out-Null
        try {
            Save-PendingChange
            $status = Publish-ZiaChange -Wait -PassThru -Confirm:$false
            $status.Status | Should -Be 'Active'
        }
        finally {
            Invoke-ZiaEmulator $emulator 'config' -Method PUT -Body @{ activationDelayMs = 0 } | Out-Null
        }
    }

    It 'waits for an activation already running, then activates what was saved meanwhile' {
        Invoke-ZiaEmulator $emulator 'config' -Method PUT -Body @{ activationDelayMs = 3000 } | Out-Null
        try {
            Save-PendingChange
            Publish-ZiaChange -Confirm:$false
            (Get-State).activationStatus | Should -Be 'INPROGRESS'
            # Saved while that activation runs: the status still reads INPROGRESS, not PENDING.
            Save-PendingChange
            $status = Publish-ZiaChange -Wait -TimeoutSec 30 -PassThru -Confirm:$false
            $status.Status | Should -Be 'Active'
            $state = Get-State
            $state.activationStatus | Should -Be 'ACTIVE'
            $state.active.authSettings.autoProvision | Should -Be $state.pending.authSettings.autoProvision
        }
        finally {
            Invoke-ZiaEmulator $emulator 'config' -Method PUT -Body @{ activationDelayMs = 0 } | Out-Null
        }
    }

    It 'says the outcome is unknown when the activation request gets no answer (<Kind>)' -TestCases @(
        @{ Kind = 'slow' }, @{ Kind = 'drop' }
    ) {
        param($Kind)
        $short = Connect-TestZia $emulator @{ TimeoutSec = 1 }
        try {
            Save-PendingChange
            Set-ZiaEmulatorFault $emulator -Kind $Kind -DelayMs 2500 -Method POST -Path '/api/v1/status/activate'
            $err = { Publish-ZiaChange -Session $short -Confirm:$false -ErrorAction Stop } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -BeLike 'ZiaActivationUnknown*'
            $err.Exception.Message | Should -Match 'may or may not be active'
            $err.Exception.Message | Should -Match 'Get-ZiaActivationStatus'
            $err.Exception.Message | Should -Not -Match 'NOT activated'
            # The same through -Activate on a change cmdlet.
            Start-Sleep -Milliseconds 2600
            Set-ZiaEmulatorFault $emulator -Kind $Kind -DelayMs 2500 -Method POST -Path '/api/v1/status/activate'
            $current = (Get-ZiaAuthenticationSetting -Session $short).SamlAutoProvisioning
            Set-ZiaAuthenticationSetting -Session $short -SamlAutoProvisioning (-not $current) -Activate -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'ZiaActivationUnknown*'
            $errs[0].Exception.Message | Should -Not -Match 'NOT activated'
        }
        finally {
            Start-Sleep -Milliseconds 2600
            Connect-TestZia $emulator | Out-Null
            Publish-ZiaChange -Confirm:$false
        }
    }

    It 'says the change is saved but not live when -Wait times out' {
        Invoke-ZiaEmulator $emulator 'config' -Method PUT -Body @{ activationDelayMs = 10000 } | Out-Null
        try {
            Save-PendingChange
            $err = { Publish-ZiaChange -Wait -TimeoutSec 2 -Confirm:$false -ErrorAction Stop } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -BeLike 'ZiaActivationTimeout*'
            $err.CategoryInfo.Category | Should -Be 'OperationTimeout'
            $err.Exception.Message | Should -Match 'saved but not yet live'
        }
        finally {
            Invoke-ZiaEmulator $emulator 'config' -Method PUT -Body @{ activationDelayMs = 0 } | Out-Null
            # Let the slow activation finish so that later tests start from a quiet tenant.
            Publish-ZiaChange -Wait -Confirm:$false
        }
    }
}

Describe 'Disconnect-Zia' {
    It 'warns that ZIA activates pending changes on logout, and logs out' {
        $session = Connect-TestZia $emulator
        Save-PendingChange
        $warnings = Disconnect-Zia -Session $session -Confirm:$false 3>&1
        ($warnings | Out-String) | Should -Match 'activates pending changes when an admin session logs out'
        $session.IsConnected | Should -BeFalse
        (Get-State).activationStatus | Should -Be 'ACTIVE'
        (Get-ZiaEmulatorRequest $emulator -Path '/api/v1/authenticatedSession' | Select-Object -Last 1).method | Should -Be 'DELETE'
    }

    It 'clears the runspace default and later calls say how to reconnect' {
        Connect-TestZia $emulator | Out-Null
        Disconnect-Zia -Confirm:$false
        { Get-ZiaOrganization -ErrorAction Stop } | Should -Throw -ErrorId 'ZiaNotConnected*'
    }

    It 'refuses a disconnected session passed explicitly' {
        $session = Connect-TestZia $emulator
        $session | Disconnect-Zia -Confirm:$false
        { Get-ZiaOrganization -Session $session -ErrorAction Stop } | Should -Throw -ErrorId 'ZiaSessionClosed*'
        # Every command that reads through a session resolves it the same way, before anything is sent.
        $before = @(Get-ZiaEmulatorRequest $emulator).Count
        { Connect-ZiaScim -IdentityProvider 'Entra ID' -Session $session -ErrorAction Stop } | Should -Throw -ErrorId 'ZiaSessionClosed*'
        { Set-ZiaScimOktaProvisioning -IdentityProvider 'Entra ID' -Session $session -OktaDomain 'acme.okta.com' -OktaApiToken (ConvertTo-SecureString 'x' -AsPlainText -Force) -AppId '0oa1' -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'ZiaSessionClosed*'
        @(Get-ZiaEmulatorRequest $emulator).Count | Should -Be $before
        Connect-TestZia $emulator | Out-Null
    }

    It 'treats an unreadable status as changes pending: asks first, and logs nothing out unconfirmed' {
        $session = Connect-TestZia $emulator
        Save-PendingChange
        Set-ZiaEmulatorFault $emulator -Kind readOnly -Method GET -Path '/api/v1/status'
        Invoke-ZiaEmulator $emulator 'requests' -Method DELETE | Out-Null
        # This test process is -NonInteractive (build.ps1 runs Pester so): the confirmation cannot be given.
        $errorId = $null
        try { Disconnect-Zia -Session $session -ErrorAction Stop -WarningVariable warnings 3>$null } catch { $errorId = $_.FullyQualifiedErrorId }
        $errorId | Should -BeLike 'ZiaConfirmationRequired*'
        "$warnings" | Should -Match 'is unknown \(reading the status failed'
        $session.IsConnected | Should -BeTrue
        @(Get-ZiaEmulatorRequest $emulator -Path '/api/v1/authenticatedSession' | Where-Object method -eq DELETE).Count | Should -Be 0
        (Get-State).activationStatus | Should -Be 'PENDING'
        Publish-ZiaChange -Confirm:$false
    }

    It 'keeps the change pending and logs nothing out under -WhatIf' {
        $session = Connect-TestZia $emulator
        Disconnect-Zia -Session $session -WhatIf
        $session.IsConnected | Should -BeTrue
    }
}

Describe 'Session expiry' {
    It 'logs in again after the idle timeout; ZIA activated what was pending' {
        $short = Start-ZiaEmulator -ArgumentList '--session-idle-seconds', '2'
        try {
            $s = Connect-TestZia $short
            $current = (Get-ZiaAuthenticationSetting -Session $s).SamlAutoProvisioning
            Set-ZiaAuthenticationSetting -Session $s -SamlAutoProvisioning (-not $current) -Confirm:$false
            Start-Sleep -Seconds 4
            (Invoke-ZiaEmulator $short 'state').activationStatus | Should -Be 'ACTIVE'
            (Get-ZiaOrganization -Session $s).OrgId | Should -Be $short.OrgId
        }
        finally {
            Stop-ZiaEmulator $short
        }
    }
}
