# Entra ID's side of provisioning health: the IdP contract's two links, the provisioning logs, restart and provision on
# demand, against the emulator's Graph, each link broken one at a time.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot 'IdpHealth.ps1')
    $emulator = Start-ZiaEmulator
    Invoke-ZiaEmulator $emulator 'config' -Method PUT -Body @{ rateLimits = $false } | Out-Null
    Connect-TestZia $emulator | Out-Null
    $secretSignIn = @{
        TenantId = $emulator.EntraTenantId; ClientId = $emulator.EntraClientId; ClientSecret = $emulator.EntraClientSecret
        GraphEndpoint = $emulator.GraphEndpoint; LoginEndpoint = $emulator.LoginEndpoint
    }
    $appId = $emulator.EntraServicePrincipalId
    $idp = Get-ZiaIdentityProvider 'Entra ID'
    $ziaBaseUrl = [uri]"$((Get-ZiaScimBaseUrl $idp).BaseUrl)"

    function Get-EntraApp { (Invoke-ZiaEmulator $emulator 'entra/state').servicePrincipals | Where-Object id -eq $appId }
    function Get-Job { (Get-EntraApp).jobs[0] }
    function Wait-JobRun([int] $Runs) {
        # Entra runs a job in the background; wait until the emulator finished run number $Runs.
        $deadline = [datetime]::UtcNow.AddSeconds(20)
        while ([datetime]::UtcNow -lt $deadline) {
            if ((Get-Job).runsCompleted -ge $Runs) { return }
            Start-Sleep -Milliseconds 200
        }
        throw "The job did not finish run $Runs."
    }
    function Set-EntraConfig([hashtable] $Config) { Invoke-ZiaEmulator $emulator 'entra/config' -Method PUT -Body $Config | Out-Null }
    function Get-ServerUsers { @(Invoke-ZiaEmulator $emulator "scim/$($idp.Id)/users") }

    # One connection for the file; the job gets ZIA's URL and token and runs once.
    $graph = Connect-ZiaScimEntra @secretSignIn -ServicePrincipal $appId -PassThru
    $runs = [int](Get-Job).runsCompleted
    Set-ZiaScimEntraProvisioning -IdentityProvider 'Entra ID' -StartJob -Confirm:$false
    Wait-JobRun ($runs + 1)
}

AfterAll {
    Stop-ZiaEmulator $emulator
}

Describe 'The IdP links of an Entra ID job' {
    It 'passes both links of a healthy job, with evidence that holds names and counts and never the token' {
        $links = @(Get-IdpHealth -Graph $graph -ExpectedBaseUrl $ziaBaseUrl)
        $links.Link | Should -Be @('IdP endpoint and token', 'IdP job health')
        $links | ForEach-Object { $_ | Should -BeOfType ZscalerScim.ZiaScimSetupLink }
        $links.Status | Should -Be @('Pass', 'Pass')
        $links[0].Evidence | Should -Match 'validateCredentials \(saved credentials\): accepted'
        $links[1].Evidence | Should -Match 'status Active; last run Succeeded'
        $token = Get-ZiaScimBearerToken -IdentityProvider 'Entra ID' -AsPlainText
        ($links | Out-String) + ($links.Evidence -join ' ') | Should -Not -Match ([regex]::Escape($token))
        # validateCredentials was asked to use what Entra ID saved.
        @(Get-ZiaEmulatorRequest $emulator -Path "/v1.0/servicePrincipals/$appId/synchronization/jobs/*/validateCredentials").Count | Should -BeGreaterThan 0
    }

    It 'fails both links when ZIA''s token was rotated but Entra ID keeps the old one, and names the fix; restarting after the fix clears the quarantine' {
        Invoke-ZiaEmulator $emulator 'entra/break' -Method POST -Body @{ fault = 'staleToken' } | Out-Null
        (Get-Job).status.quarantine.reason | Should -Be 'EncounteredQuarantineException'

        $links = @(Get-IdpHealth -Graph $graph -ExpectedBaseUrl $ziaBaseUrl)
        $links.Status | Should -Be @('Fail', 'Fail')
        $links[0].Cause | Should -Match '401'
        $links[0].Fix | Should -Match 'Set-ZiaScimEntraProvisioning'
        $links[1].Evidence | Should -Match 'quarantine EncounteredQuarantineException since'
        $links[1].Evidence | Should -Match 'failed runs in a row'
        $links[1].Fix | Should -Match 'Restart-ZiaScimEntraProvisioning'

        # The fix: ZIA's token into Entra ID (through the connection), then the portal's Restart.
        Set-ZiaScimEntraProvisioning -IdentityProvider 'Entra ID' -Validate -Confirm:$false
        $runs = [int](Get-Job).runsCompleted
        $job = Restart-ZiaScimEntraProvisioning -PassThru -Confirm:$false
        $job.Status | Should -Be 'Active'
        $job.QuarantineReason | Should -BeNullOrEmpty
        Wait-JobRun ($runs + 1)
        (Get-Job).status.code | Should -Be 'Active'
        (Get-Job).status.quarantine | Should -BeNullOrEmpty
        (@(Get-IdpHealth -Graph $graph -ExpectedBaseUrl $ziaBaseUrl)).Status | Should -Be @('Pass', 'Pass')
    }

    It 'fails the job link for a quarantine for too many deletes, and Restart releases the held deletions only on -ReleaseDeleteQuarantine' {
        Invoke-ZiaEmulator $emulator 'entra/break' -Method POST -Body @{ fault = 'tooManyDeletes'; count = 4 } | Out-Null
        $links = @(Get-IdpHealth -Graph $graph -ExpectedBaseUrl $ziaBaseUrl)
        $links[0].Status | Should -Be 'Pass'
        $links[1].Status | Should -Be 'Fail'
        $links[1].Evidence | Should -Match 'quarantine TooManyDeletes'
        $links[1].Evidence | Should -Match 'escrowed 4'
        $links[1].Fix | Should -Match '-ReleaseDeleteQuarantine'

        $before = @(Get-ZiaEmulatorRequest $emulator -Path "/v1.0/servicePrincipals/$appId/synchronization/jobs/*/restart").Count
        Restart-ZiaScimEntraProvisioning -Confirm:$false -ErrorVariable refused -ErrorAction SilentlyContinue
        $refused[0].FullyQualifiedErrorId | Should -Be 'EntraDeletesHeld,ZscalerScim.Commands.RestartZiaScimEntraProvisioningCommand'
        $refused[0].Exception.Message | Should -Match '4 held back'
        Restart-ZiaScimEntraProvisioning -ResetScope Full -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable refusedFull
        $refusedFull[0].FullyQualifiedErrorId | Should -BeLike 'EntraDeletesHeld*'
        @(Get-ZiaEmulatorRequest $emulator -Path "/v1.0/servicePrincipals/$appId/synchronization/jobs/*/restart").Count | Should -Be $before
        (Get-Job).status.quarantine.reason | Should -Be 'TooManyDeletes'

        Restart-ZiaScimEntraProvisioning -ReleaseDeleteQuarantine -Confirm:$false 3>$null
        (Get-Job).status.quarantine | Should -BeNullOrEmpty
    }

    It 'makes a link NotChecked, naming the permission, when Graph refuses the identity' {
        Set-EntraConfig @{ deniedPermissions = @('Synchronization.ReadWrite.All') }
        try {
            $links = @(Get-IdpHealth -Graph $graph -ExpectedBaseUrl $ziaBaseUrl)
            $links[0].Status | Should -Be 'NotChecked'
            $links[0].Cause | Should -Match 'Synchronization.ReadWrite.All'
            $links[1].Status | Should -Not -Be 'NotChecked'
        }
        finally { Set-EntraConfig @{ deniedPermissions = @() } }
    }

    It 'makes both links NotChecked, with the reason, when Graph does not answer' {
        $quiet = Connect-ZiaScimEntra @secretSignIn -ServicePrincipal $appId -MaxRetry 0 -PassThru
        Set-ZiaEmulatorFault $emulator -Kind unavailable -Count 20 -Path '/v1.0/servicePrincipals/'
        try {
            $links = @(Get-IdpHealth -Graph $quiet -ExpectedBaseUrl $ziaBaseUrl)
            $links.Status | Should -Be @('NotChecked', 'NotChecked')
            $links[0].Cause | Should -Match '503'
        }
        finally { Invoke-ZiaEmulator $emulator 'faults' -Method DELETE | Out-Null }
    }

    It 'makes both links NotChecked with what would let them be checked when no IdP connection is given' {
        $links = @(Get-IdpHealth -ExpectedBaseUrl $ziaBaseUrl)
        $links.Status | Should -Be @('NotChecked', 'NotChecked')
        $links[0].Fix | Should -Match 'Connect-ZiaScimEntra'
    }
}

Describe 'Get-ZiaScimEntraProvisioningLog' {
    BeforeAll {
        # A user ZIA refuses (its domain is not registered): the next cycle escrows it and logs the failure.
        Invoke-ZiaEmulator $emulator 'entra/users' -Method POST -Body @{ userPrincipalName = 'eve@unregistered.example'; displayName = 'Eve' } | Out-Null
        Invoke-ZiaEmulator $emulator 'entra/jobs/run' -Method POST | Out-Null
    }

    It 'reads the job''s failures of the window, each with its error code, reason and the ZIA rule behind it' {
        $failures = @(Get-ZiaScimEntraProvisioningLog)
        $failures | Should -Not -BeNullOrEmpty
        $failures | ForEach-Object { $_ | Should -BeOfType ZscalerScim.ZiaScimEntraProvisioningLog }
        $eve = $failures | Where-Object SourceUser -EQ 'Eve' | Select-Object -First 1
        $eve.Status | Should -Be 'failure'
        $eve.Action | Should -Be 'create'
        $eve.ErrorCode | Should -Not -BeNullOrEmpty
        $eve.Reason | Should -Match 'unregistered.example'
        $eve.ZiaRule | Should -Be 'unregistered domain'
        $eve.Steps.Count | Should -BeGreaterThan 0
        $eve.Steps[0] | Should -BeOfType ZscalerScim.ZiaScimProvisioningStep
        # The job health warns: the last run escrowed her.
        (@(Get-IdpHealth -Graph $graph -ExpectedBaseUrl $ziaBaseUrl))[1].Status | Should -Be 'Warning'
        # Nobody of that domain reached ZIA.
        (Get-ServerUsers).userName | Should -Not -Contain 'eve@unregistered.example'
        # The filter names the job, the window and the status in lower case (Graph's values are case-sensitive).
        $query = [uri]::UnescapeDataString((Get-ZiaEmulatorRequest $emulator -Path '/v1.0/auditLogs/provisioning')[-1].query)
        $query | Should -Match "jobId eq '$([regex]::Escape($emulator.EntraJobId))'"
        $query | Should -Match "provisioningStatusInfo/status eq 'failure'"
        $query | Should -Match 'activityDateTime ge .+ and activityDateTime le '
    }

    It 'reads every status with -Status All, following @odata.nextLink page by page' {
        Set-EntraConfig @{ provisioningLogsPageSize = 2 }
        try {
            $all = @(Get-ZiaScimEntraProvisioningLog -Status All)
            $server = @((Invoke-ZiaEmulator $emulator 'entra/state').provisioningLogs | Where-Object jobId -EQ $emulator.EntraJobId)
            $all.Count | Should -Be $server.Count
            $all.Status | Should -Contain 'success'
            @(Get-ZiaEmulatorRequest $emulator -Path '/v1.0/auditLogs/provisioning' | Where-Object query -Match 'skiptoken').Count | Should -BeGreaterThan 0
        }
        finally { Set-EntraConfig @{ provisioningLogsPageSize = 1000 } }
    }

    It 'names AuditLog.Read.All when Graph refuses the logs' {
        Set-EntraConfig @{ deniedPermissions = @('AuditLog.Read.All') }
        try {
            $err = { Get-ZiaScimEntraProvisioningLog -ErrorAction Stop } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -BeLike 'EntraAuditLogAccessDenied*'
            $err.Exception.Message | Should -Match 'AuditLog.Read.All'
        }
        finally { Set-EntraConfig @{ deniedPermissions = @() } }
    }
}

Describe 'Invoke-ZiaScimEntraProvisionOnDemand' {
    It 'provisions one user now, with the rule id from the job''s schema, and shows Entra ID''s steps' {
        Invoke-ZiaEmulator $emulator 'entra/users' -Method POST -Body @{ userPrincipalName = 'nestor.wilke@acme.example'; displayName = 'Nestor Wilke' } | Out-Null
        $result = Invoke-ZiaScimEntraProvisionOnDemand -User 'nestor.wilke@acme.example' -Confirm:$false
        $result | Should -BeOfType ZscalerScim.ZiaScimEntraOnDemandResult
        $result.Result | Should -Be 'Success'
        $result.Action | Should -Be 'create'
        $result.UserPrincipalName | Should -Be 'nestor.wilke@acme.example'
        $result.Steps.Count | Should -BeGreaterThan 1
        $result.Steps[-1].Type | Should -Be 'export'
        (Get-ServerUsers).userName | Should -Contain 'nestor.wilke@acme.example'
        @(Get-ZiaEmulatorRequest $emulator -Path "/v1.0/servicePrincipals/$appId/synchronization/jobs/*/schema").Count | Should -BeGreaterThan 0
    }

    It 'shows a refusal with its reason and ZIA rule, and provisions nothing' {
        $result = Invoke-ZiaScimEntraProvisionOnDemand -User 'eve@unregistered.example' -Confirm:$false
        $result.Result | Should -Be 'Failure'
        $result.ZiaRule | Should -Be 'unregistered domain'
        $result.Reason | Should -Match 'unregistered.example'
        (Get-ServerUsers).userName | Should -Not -Contain 'eve@unregistered.example'
    }

    It 'changes nothing under -WhatIf' {
        Invoke-ZiaEmulator $emulator 'entra/users' -Method POST -Body @{ userPrincipalName = 'what.if@acme.example'; displayName = 'What If' } | Out-Null
        Invoke-ZiaScimEntraProvisionOnDemand -User 'what.if@acme.example' -WhatIf
        @(Get-ZiaEmulatorRequest $emulator -Path "/v1.0/servicePrincipals/$appId/synchronization/jobs/*/provisionOnDemand").Count | Should -Be 2
        (Get-ServerUsers).userName | Should -Not -Contain 'what.if@acme.example'
    }
}
