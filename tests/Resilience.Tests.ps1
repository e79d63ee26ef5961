# The HTTP pipeline against the service's failures: each fault either retried to success or turned into a clear error.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emulator = Start-ZiaEmulator
    $session = Connect-TestZia $emulator -Extra @{ MaxRetry = 2 }

    function Reset-Emulator {
        Invoke-ZiaEmulator $emulator 'faults' -Method DELETE | Out-Null
        Invoke-ZiaEmulator $emulator 'requests' -Method DELETE | Out-Null
    }
    function Get-Statuses([string] $Path = '/api/v1/status') {
        @(Get-ZiaEmulatorRequest $emulator -Path $Path).status
    }
    function Assert-AnswerTooLarge([scriptblock] $Call, [string] $Path) {
        # One try, and an error that names the limit, never a network failure.
        $err = $Call | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ZiaAnswerTooLarge*'
        $err.CategoryInfo.Category | Should -Be 'LimitsExceeded'
        $err.Exception.Message | Should -Match '64 MiB'
        $err.Exception.Message | Should -Not -Match 'before an answer arrived|host name'
        "$($err.TargetObject)" | Should -Match '^http://127\.0\.0\.1'
        @(Get-ZiaEmulatorRequest $emulator -Path $Path).Count | Should -Be 1
        $err
    }
}

AfterAll {
    Stop-ZiaEmulator $emulator
}

Describe 'Retried faults end in success' {
    BeforeEach { Reset-Emulator }

    It 'waits as a 429 advertises, then succeeds' {
        Set-ZiaEmulatorFault $emulator -Kind rateLimit -Path '/api/v1/status' -RetryAfterSeconds 2
        $watch = [Diagnostics.Stopwatch]::StartNew()
        (Get-ZiaActivationStatus).Status | Should -Be 'Active'
        $watch.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 1.9
        Get-Statuses | Should -Be @(429, 200)
    }

    It 'retries a 409 edit lock with a growing wait' {
        Set-ZiaEmulatorFault $emulator -Kind editLock -Path '/api/v1/status'
        (Get-ZiaActivationStatus).Status | Should -Be 'Active'
        Get-Statuses | Should -Be @(409, 200)
    }

    It 'retries the org barrier error' {
        Set-ZiaEmulatorFault $emulator -Kind orgBarrier -Path '/api/v1/orgInformation'
        (Get-ZiaOrganization).OrgId | Should -Be $emulator.OrgId
        Get-Statuses '/api/v1/orgInformation' | Should -Be @(409, 200)
    }

    It 'retries a 503' {
        Set-ZiaEmulatorFault $emulator -Kind unavailable -Path '/api/v1/status'
        (Get-ZiaActivationStatus).Status | Should -Be 'Active'
        Get-Statuses | Should -Be @(503, 200)
    }

    It 'logs in again once when the session was dropped, then repeats the call' {
        Set-ZiaEmulatorFault $emulator -Kind sessionDropped -Path '/api/v1/status'
        (Get-ZiaActivationStatus -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message |
            Should -Contain 'The service no longer accepted this session; signed in again, repeating the call once.'
        $requests = Get-ZiaEmulatorRequest $emulator
        $requests.path | Should -Be @('/api/v1/status', '/api/v1/authenticatedSession', '/api/v1/status')
        $requests.status | Should -Be @(401, 200, 200)
    }

    It 'repeats a GET whose connection dropped' {
        Set-ZiaEmulatorFault $emulator -Kind drop -Path '/api/v1/status'
        (Get-ZiaActivationStatus).Status | Should -Be 'Active'
        @(Get-ZiaEmulatorRequest $emulator -Path '/api/v1/status').Count | Should -Be 2
    }
}

Describe 'Failures that become clear errors' {
    BeforeEach { Reset-Emulator }

    It 'gives up when retries run out and says how often it tried' {
        Set-ZiaEmulatorFault $emulator -Kind unavailable -Path '/api/v1/status' -Count 5
        $err = { Get-ZiaActivationStatus -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ZiaServiceUnavailable*'
        $err.CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        $err.Exception.Message | Should -Match 'Gave up after 2 retries'
        Get-Statuses | Should -Be @(503, 503, 503)
    }

    It 'names status and content type when a proxy answers with an HTML page' {
        Set-ZiaEmulatorFault $emulator -Kind htmlProxy -Path '/api/v1/orgInformation'
        $err = { Get-ZiaOrganization -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ZiaUnexpectedResponse*'
        $err.CategoryInfo.Category | Should -Be 'InvalidResult'
        $err.Exception.Message | Should -Match '200'
        $err.Exception.Message | Should -Match 'text/html'
        $err.Exception.Message | Should -Match 'proxy'
        $err.TargetObject | Should -BeOfType [uri]
    }

    It 'reports JSON that cannot be read instead of a parser exception' {
        Set-ZiaEmulatorFault $emulator -Kind malformedJson -Path '/api/v1/orgInformation'
        $err = { Get-ZiaOrganization -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ZiaMalformedResponse*'
        $err.Exception.Message | Should -Match 'cannot be read'
    }

    It 'refuses a gzip bomb with a clear error that names the limit, reading no further and trying once' {
        # About 250 KB on the wire that expands to 256 MiB, past the module's limit of 64 MiB an answer.
        Set-ZiaEmulatorFault $emulator -Kind gzipBomb -Path '/api/v1/status' -Count 5
        Assert-AnswerTooLarge { Get-ZiaActivationStatus -ErrorAction Stop } '/api/v1/status' | Out-Null
    }

    It 'refuses an answer that declares 3 GiB as too large, not as a network failure, and does not retry it' {
        Set-ZiaEmulatorFault $emulator -Kind oversize -Path '/api/v1/orgInformation' -Count 5
        (Assert-AnswerTooLarge { Get-ZiaOrganization -ErrorAction Stop } '/api/v1/orgInformation').Exception.Message | Should -Match '3221225472 bytes'
    }

    It 'reads a SCIM page within the same limit' {
        $scim = Connect-ZiaScim -IdentityProvider 'Entra ID' -PassThru
        Reset-Emulator
        $users = ([uri](Get-ZiaScimBaseUrl 'Entra ID').BaseUrl).AbsolutePath + '/Users'
        Set-ZiaEmulatorFault $emulator -Kind gzipBomb -Path $users -Count 5
        Assert-AnswerTooLarge { Get-ZiaScimUser -Connection $scim -ErrorAction Stop } $users | Out-Null
        Disconnect-ZiaScim -Connection $scim
    }

    It 'times out a slow answer after -TimeoutSec' {
        $quick = Connect-TestZia $emulator -Extra @{ TimeoutSec = 1 }
        Reset-Emulator
        Set-ZiaEmulatorFault $emulator -Kind slow -DelayMs 4000 -Path '/api/v1/status'
        $err = { Get-ZiaActivationStatus -Session $quick -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ZiaRequestTimeout*'
        $err.CategoryInfo.Category | Should -Be 'OperationTimeout'
        $err.Exception.Message | Should -Match 'TimeoutSec'
    }

    It 'explains read-only mode during an upgrade without retrying' {
        Set-ZiaEmulatorFault $emulator -Kind readOnly -Path '/api/v1/authSettings' -Method PUT
        $err = { Set-ZiaAuthenticationSetting -SamlAutoProvisioning $true -Confirm:$false -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ZiaReadOnly*'
        @(Get-ZiaEmulatorRequest $emulator -Path '/api/v1/authSettings' | Where-Object method -eq PUT).Count | Should -Be 1
    }

    It 'writes a per-call error and lets the pipeline go on' {
        Set-ZiaEmulatorFault $emulator -Kind htmlProxy -Path '/api/v1/status'
        $out = @{ Session = $session }, @{ Session = $session } | ForEach-Object { [pscustomobject]$_ } |
            Get-ZiaActivationStatus -ErrorVariable errs -ErrorAction SilentlyContinue
        @($out).Count | Should -Be 1
        @($errs).Count | Should -Be 1
    }
}

Describe 'Client-side throttle' {
    # An emulator of its own: a request another test left running there (the slow answer that timed out is carried out
    # seconds later, as the service would) takes a slot of the organization's window that this client never saw.
    BeforeAll {
        $paced = Start-ZiaEmulator
        $pacedSession = Connect-TestZia $paced
    }
    AfterAll {
        Stop-ZiaEmulator $paced
        Connect-TestZia $emulator -Extra @{ MaxRetry = 2 } | Out-Null
    }
    BeforeEach { Invoke-ZiaEmulator $paced 'requests' -Method DELETE | Out-Null }

    It 'keeps a loop of cmdlets under the GET limit so that no 429 comes back' {
        1..8 | ForEach-Object { Get-ZiaActivationStatus -Session $pacedSession } | Should -HaveCount 8
        $statuses = @(Get-ZiaEmulatorRequest $paced -Path '/api/v1/status').status
        $statuses | Should -HaveCount 8
        $statuses | Should -Not -Contain 429
    }

    It 'keeps writes at one a second' {
        1..3 | ForEach-Object { Set-ZiaAuthenticationSetting -Session $pacedSession -SamlAutoProvisioning ($_ % 2 -eq 1) -Confirm:$false }
        $puts = @(Get-ZiaEmulatorRequest $paced -Path '/api/v1/authSettings' | Where-Object method -eq PUT)
        $puts.status | Should -Be @(200, 200, 200)
    }
}

Describe 'Ctrl+C' {
    It 'stops a cmdlet that waits on a slow answer, well before the answer comes' {
        Reset-Emulator
        Set-ZiaEmulatorFault $emulator -Kind slow -DelayMs 20000 -Path '/api/v1/orgInformation'
        $ps = [powershell]::Create()
        $null = $ps.AddScript({ param($m, $s) Import-Module $m; Get-ZiaOrganization -Session $s }).AddArgument($env:ZSCALERSCIM_MODULE).AddArgument($session)
        $async = $ps.BeginInvoke()
        Start-Sleep -Milliseconds 1500
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $ps.Stop()
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 5
        $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        $ps.Dispose()
    }
}
