# The scripts under examples/ as an admin runs them: the nightly sync in a pwsh -NonInteractive child, as the
# scheduled task does, with the sample CSV.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emulator = Start-ZiaEmulator
    Connect-TestZia $emulator | Out-Null
    $endpoint = Get-ZiaScimBaseUrl 'Entra ID'
    $examples = Join-Path $repoRoot 'examples'

    function Invoke-Nightly([string] $TokenPath, [string] $LogFolder) {
        # The task's own environment: a fresh pwsh that finds the module by name.
        $env:PSModulePath = (Split-Path (Split-Path $env:ZSCALERSCIM_MODULE -Parent) -Parent | Split-Path -Parent) + [IO.Path]::PathSeparator + $env:PSModulePath
        & dotnet (Join-Path $PSHOME 'pwsh.dll') -NoProfile -NonInteractive -File (Join-Path $examples 'Invoke-ZiaScimNightlySync.ps1') `
            -SourceCsv (Join-Path $examples 'users.csv') -BaseUrl "$($endpoint.BaseUrl)" -TokenPath $TokenPath -LogFolder $LogFolder 2>&1 | Out-Null
        $LASTEXITCODE
    }
}

AfterAll {
    Stop-ZiaEmulator $emulator
}

Describe 'examples/Invoke-ZiaScimNightlySync.ps1' {
    It 'syncs the sample CSV, writes a log and a report, and exits 0' {
        $tokenPath = Join-Path $TestDrive 'scim-token.clixml'
        [pscredential]::new('scim', (Get-ZiaScimBearerToken 'Entra ID')) | Export-Clixml -Path $tokenPath
        $logs = Join-Path $TestDrive 'logs'
        # A ZIA user that left the source: -Deprovision Disable disables it, which the task cannot check against the admins.
        Invoke-ZiaEmulator $emulator "scim/$($endpoint.IdentityProviderId)/users" -Method POST -Body @(@{ userName = 'leaver@acme.example'; active = $true }) | Out-Null
        Invoke-Nightly $tokenPath $logs | Should -Be 0
        $report = @(Get-ChildItem $logs -Filter 'sync-*.csv')
        $report.Count | Should -Be 1
        $rows = Import-Csv $report[0].FullName
        @($rows | Where-Object Action -eq 'Created').Count | Should -Be 4
        $logText = Get-Content (Get-ChildItem $logs -Filter 'sync-*.log').FullName -Raw
        $logText | Should -Match 'Sync-ZiaScimUser: .*4 created'
        # The task has no ZIA session: the admin check it could not make reaches the log, not only a console nobody reads.
        $logText | Should -Match 'WARNING ZIA admin accounts were not checked'
        $server = @(Invoke-ZiaEmulator $emulator "scim/$($endpoint.IdentityProviderId)/users")
        ($server | Where-Object userName -eq 'dana.kim@acme.example').active | Should -BeFalse
        ($server | Where-Object userName -eq 'leaver@acme.example').active | Should -BeFalse
    }

    It 'exits 2 and syncs nothing when the token is refused' {
        $tokenPath = Join-Path $TestDrive 'wrong-token.clixml'
        [pscredential]::new('scim', (ConvertTo-SecureString 'not-the-token' -AsPlainText -Force)) | Export-Clixml -Path $tokenPath
        $logs = Join-Path $TestDrive 'logs-refused'
        Invoke-Nightly $tokenPath $logs | Should -Be 2
        (Get-Content (Get-ChildItem $logs -Filter 'sync-*.log').FullName -Raw) | Should -Match 'nothing was synced'
        Get-ChildItem $logs -Filter 'sync-*.csv' | Should -BeNullOrEmpty
    }
}

Describe 'examples/Register-ZiaScimSyncTask.ps1' {
    It 'parses and has help (it runs only on Windows, with the ScheduledTasks module)' {
        $errors = $null
        [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $examples 'Register-ZiaScimSyncTask.ps1'), [ref] $null, [ref] $errors) | Out-Null
        $errors | Should -BeNullOrEmpty
        (Get-Content (Join-Path $examples 'Register-ZiaScimSyncTask.ps1') -Raw) | Should -Match 'Invoke-ZiaScimNightlySync\.ps1'
    }
}

Describe 'examples/Invoke-ZiaScimHealthCheck.ps1' {
    BeforeAll {
        # The sync tests above pushed a refused token on purpose: ZIA's event log holds it. Start from a clean log.
        Invoke-ZiaEmulator $emulator 'eventlog' -Method DELETE | Out-Null
        function Invoke-HealthCheck {
            $path = Join-Path $TestDrive 'zia.clixml'
            @{ Credential = $emulator.Credential; ApiKey = $emulator.ApiKey } | Export-Clixml -Path $path
            $env:PSModulePath = (Split-Path (Split-Path $env:ZSCALERSCIM_MODULE -Parent) -Parent | Split-Path -Parent) + [IO.Path]::PathSeparator + $env:PSModulePath
            $output = & dotnet (Join-Path $PSHOME 'pwsh.dll') -NoProfile -NonInteractive -File (Join-Path $examples 'Invoke-ZiaScimHealthCheck.ps1') `
                -IdentityProvider 'Entra ID' -ZiaCredentialPath $path -ZiaBaseUri $emulator.BaseUri 2>&1
            [pscustomobject]@{ ExitCode = $LASTEXITCODE; Text = ($output | Out-String) }
        }
    }

    It 'exits 0 on a healthy setup and lists every link' {
        $run = Invoke-HealthCheck
        $run.ExitCode | Should -Be 0
        $run.Text | Should -Match 'SCIM endpoint: Pass'
        $run.Text | Should -Match 'ZIA refusals: Pass'
    }

    It 'fails the job with a message that names the broken link and its fix' {
        Invoke-ZiaEmulator $emulator 'break' -Method POST -Body @{ kind = 'scimOff'; idpId = 71236 } | Out-Null
        $run = Invoke-HealthCheck
        $run.ExitCode | Should -Be 1
        $run.Text | Should -Match 'broken at 1 link\(s\)\. IdP configuration: SCIM provisioning is off\. Fix: Enable-ZiaScimProvisioning'
    }
}
