# Get-ZiaEventLog: ZIA's event-log report (POST, poll, CSV download), against the emulator's SCIM server, which records
# every write and refusal in the event log as it answers it.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emulator = Start-ZiaEmulator
    Connect-TestZia $emulator | Out-Null
    $idp = Get-ZiaIdentityProvider 'Entra ID'
    $scimUrl = (Get-ZiaScimBaseUrl $idp).BaseUrl.ToString().TrimEnd('/')

    # What an IdP does: a SCIM call with ZIA's token; the answer's status (the refusal is recorded by ZIA, not thrown here).
    function Send-AsIdp([string] $Method, [string] $Path, $Body) {
        $token = Get-ZiaScimBearerToken 'Entra ID' -AsPlainText
        $request = @{ Method = $Method; Uri = "$scimUrl$Path"; Headers = @{ Authorization = "Bearer $token" }; ContentType = 'application/scim+json'; SkipHttpErrorCheck = $true; StatusCodeVariable = 'code' }
        if ($Body) { $request.Body = $Body | ConvertTo-Json -Depth 5 }
        $answer = Invoke-RestMethod @request
        [pscustomobject]@{ Status = $code; Body = $answer }
    }
    function New-IdpUser([string] $UserName) {
        Send-AsIdp POST '/Users' @{ schemas = @('urn:ietf:params:scim:schemas:core:2.0:User'); userName = $UserName; active = $true }
    }
    # Another admin (a OneAPI client) calling the report API directly.
    function Invoke-AsOtherAdmin([string] $Method, [string] $Path, [string] $Body) {
        $secret = [pscredential]::new('x', $emulator.ClientSecret).GetNetworkCredential().Password
        $token = (Invoke-RestMethod -Method Post -Uri ([uri]::new($emulator.BaseUri, '/oauth2/v1/token')) -Body @{ grant_type = 'client_credentials'; client_id = $emulator.ClientId; client_secret = $secret; audience = 'https://api.zscaler.com' }).access_token
        $request = @{ Method = $Method; Uri = [uri]::new($emulator.BaseUri, "/zia/api/v1/$Path"); Headers = @{ Authorization = "Bearer $token" } }
        if ($Body) { $request.Body = $Body; $request.ContentType = 'application/json' }
        Invoke-RestMethod @request
    }
    function Set-EventLogConfig([hashtable] $Body) { Invoke-ZiaEmulator $emulator 'eventlog/config' -Method PUT -Body $Body | Out-Null }
    function Get-EventLogRequests { @(Get-ZiaEmulatorRequest $emulator | Where-Object path -like '*/eventlogEntryReport*') }
}

AfterAll {
    Stop-ZiaEmulator $emulator
}

Describe 'Get-ZiaEventLog' {
    BeforeEach {
        Invoke-ZiaEmulator $emulator 'eventlog' -Method DELETE | Out-Null
        Set-EventLogConfig @{ reportDelayMs = 0; omitColumns = @(); reportStuck = $false }
        Invoke-ZiaEmulator $emulator 'faults' -Method DELETE | Out-Null
        Invoke-ZiaEmulator $emulator 'requests' -Method DELETE | Out-Null
    }

    It 'reads a SCIM refusal the way ZIA recorded it when it answered, as a typed entry' {
        (New-IdpUser 'dana@unlisted.example').Status | Should -Be 400
        (New-IdpUser 'erin@acme.example').Status | Should -Be 201

        $entries = @(Get-ZiaEventLog)
        $entries | Should -HaveCount 2
        $entries | Should -BeOfType ZscalerScim.ZiaEventLogEntry
        $refused = $entries | Where-Object Result -eq Failure
        $refused.Message | Should -Match 'dana@unlisted\.example'
        $refused.StatusCode | Should -Be 400
        $refused.Category | Should -Be 'SCIM'
        $refused.Time | Should -BeGreaterThan (Get-Date).AddMinutes(-5)
        ($entries | Where-Object Result -eq Success).Message | Should -Match 'erin@acme\.example'
    }

    It 'runs the documented report: POST, GET until COMPLETE, then the download' {
        New-IdpUser 'fay@acme.example' | Out-Null
        Get-ZiaEventLog | Out-Null
        $calls = Get-EventLogRequests | ForEach-Object { "$($_.method) $($_.path)" }
        $calls | Should -Be @('GET /api/v1/eventlogEntryReport', 'POST /api/v1/eventlogEntryReport', 'GET /api/v1/eventlogEntryReport', 'GET /api/v1/eventlogEntryReport/download')
    }

    It 'polls a report that takes a while until it is COMPLETE' {
        New-IdpUser 'gus@acme.example' | Out-Null
        Set-EventLogConfig @{ reportDelayMs = 1500 }
        @(Get-ZiaEventLog).Message | Should -Match 'gus@acme\.example'
        @(Get-EventLogRequests | Where-Object { $_.method -eq 'GET' -and $_.path -like '*Report' }).Count | Should -BeGreaterThan 2
    }

    It 'filters by result, window and category, in the report request' {
        $now = [DateTimeOffset]::UtcNow
        Invoke-ZiaEmulator $emulator 'eventlog' -Method POST -Body @(
            @{ time = $now.AddDays(-3).ToUnixTimeMilliseconds(); result = 'FAILURE'; message = 'Create user ''old@acme.example'': refused' }
            @{ time = $now.AddHours(-1).ToUnixTimeMilliseconds(); result = 'SUCCESS'; message = 'Create user ''new@acme.example''' }
            @{ time = $now.AddHours(-2).ToUnixTimeMilliseconds(); result = 'FAILURE'; message = 'Update group ''Sales''' ; subCategory = 'Group' }
            @{ time = $now.AddHours(-2).ToUnixTimeMilliseconds(); result = 'FAILURE'; message = 'Something else'; category = 'OTHER' }
        ) | Out-Null

        @(Get-ZiaEventLog).Count | Should -Be 3
        @(Get-ZiaEventLog -Result Failure).Message | Should -Be @('Update group ''Sales''', 'Something else')
        @(Get-ZiaEventLog -Since (New-TimeSpan -Days 4) -Result Failure -Scim).Message | Should -Be @('Update group ''Sales''', 'Create user ''old@acme.example'': refused')
        @(Get-ZiaEventLog -Scim -SubCategory Group).Message | Should -Be @('Update group ''Sales''')
        @(Get-ZiaEventLog -Since (Get-Date).AddHours(-3) -Until (Get-Date).AddMinutes(-90)).Message | Should -Be @('Update group ''Sales''', 'Something else')
    }

    It 'refuses a window beyond the 14 days ZIA keeps, before anything is sent' {
        { Get-ZiaEventLog -Since (Get-Date).AddDays(-15) } | Should -Throw -ErrorId 'ZiaEventLogWindowTooLong,ZscalerScim.Commands.GetZiaEventLogCommand'
        { Get-ZiaEventLog -Since (Get-Date).AddHours(-1) -Until (Get-Date).AddHours(-2) } | Should -Throw -ErrorId 'ZiaEventLogWindowInvalid,ZscalerScim.Commands.GetZiaEventLogCommand'
        Get-EventLogRequests | Should -BeNullOrEmpty
    }

    It 'fails naming the column when the CSV lacks one it needs, and hands on no entry' {
        New-IdpUser 'hal@acme.example' | Out-Null
        Set-EventLogConfig @{ omitColumns = @('Result') }
        $entries = [System.Collections.Generic.List[object]]::new()
        $failed = $null
        try { Get-ZiaEventLog | ForEach-Object { $entries.Add($_) } } catch { $failed = $_ }
        $entries | Should -BeNullOrEmpty
        $failed.FullyQualifiedErrorId | Should -Be 'ZiaEventLogUnreadable,ZscalerScim.Commands.GetZiaEventLogCommand'
        $failed.CategoryInfo.Category | Should -Be 'InvalidData'
        "$failed" | Should -Match "no 'Result' column"
    }

    It 'reads columns by title, and an optional one may be missing' {
        New-IdpUser 'ida@other.example' | Out-Null
        Set-EventLogConfig @{ omitColumns = @('Error Code', 'Sub-Category') }
        $entry = Get-ZiaEventLog
        $entry.ErrorCode | Should -BeNullOrEmpty
        $entry.StatusCode | Should -Be 400
    }

    It 'gives up waiting with a clear error that names the report''s last status' {
        Set-EventLogConfig @{ reportStuck = $true }
        { Get-ZiaEventLog -TimeoutSec 1 } | Should -Throw -ErrorId 'ZiaEventLogTimeout,ZscalerScim.Commands.GetZiaEventLogCommand' -ExpectedMessage '*last status is EXECUTING*'
    }

    It 'waits for a report already running instead of replacing it, and reports it when it does not finish' {
        Set-EventLogConfig @{ reportStuck = $true }
        # Another admin's report.
        Invoke-AsOtherAdmin POST 'eventlogEntryReport' '{}' | Out-Null
        Invoke-ZiaEmulator $emulator 'requests' -Method DELETE | Out-Null
        { Get-ZiaEventLog -TimeoutSec 1 } | Should -Throw -ExpectedMessage '*already running*EXECUTING*'
        @(Get-EventLogRequests | Where-Object method -eq 'POST') | Should -BeNullOrEmpty
    }

    It 'waits out a 429 as advertised and stays within 2 calls a second' {
        New-IdpUser 'jon@acme.example' | Out-Null
        Set-ZiaEmulatorFault $emulator -Kind rateLimit -Path '/api/v1/eventlogEntryReport' -Count 1 -RetryAfterSeconds 1
        @(Get-ZiaEventLog).Message | Should -Match 'jon@acme\.example'
        $calls = Get-EventLogRequests
        @($calls | Where-Object status -eq 429) | Should -HaveCount 1
        # Rate limits are on: any call beyond 2 a second would have been refused too.
        @($calls | Where-Object status -ne 429 | Where-Object status -ge 400) | Should -BeNullOrEmpty
    }

    It 'cancels its report (DELETE) when stopped with Ctrl+C' {
        Set-EventLogConfig @{ reportStuck = $true }
        $ps = [powershell]::Create()
        $null = $ps.AddScript({
            param($module, $uri, $credential, $apiKey)
            Import-Module $module
            Connect-Zia -BaseUri $uri -Credential $credential -ApiKey $apiKey
            Get-ZiaEventLog -TimeoutSec 600
        }).AddParameters(@{ module = $env:ZSCALERSCIM_MODULE; uri = $emulator.BaseUri; credential = $emulator.Credential; apiKey = $emulator.ApiKey })
        $run = $ps.BeginInvoke()
        # Stop once the report was started: the emulator's request log says when.
        while (-not @(Get-EventLogRequests | Where-Object method -eq 'POST')) { Start-Sleep -Milliseconds 50 }
        $ps.Stop()
        $ps.Dispose()
        @(Get-EventLogRequests | Where-Object method -eq 'DELETE') | Should -HaveCount 1
        (Invoke-AsOtherAdmin GET 'eventlogEntryReport').status | Should -Be 'CANCELLED'
    }

    It 'cancels its report (DELETE) when stopped while ZIA''s answer to starting it is still on its way' {
        Set-EventLogConfig @{ reportStuck = $true }
        # The other admin's polls below would share the report's 2 calls a second with the command's DELETE.
        Invoke-ZiaEmulator $emulator 'config' -Method PUT -Body @{ rateLimits = $false } | Out-Null
        try {
            Set-ZiaEmulatorFault $emulator -Kind lateAnswer -Method POST -Path '/api/v1/eventlogEntryReport' -DelayMs 600000
            $ps = [powershell]::Create()
            $null = $ps.AddScript({
                param($module, $uri, $credential, $apiKey)
                Import-Module $module
                Connect-Zia -BaseUri $uri -Credential $credential -ApiKey $apiKey
                Get-ZiaEventLog -TimeoutSec 600
            }).AddParameters(@{ module = $env:ZSCALERSCIM_MODULE; uri = $emulator.BaseUri; credential = $emulator.Credential; apiKey = $emulator.ApiKey })
            $run = $ps.BeginInvoke()
            # ZIA has started the report (another admin sees it running) and its answer has not reached the command.
            while (-not $run.IsCompleted -and (Invoke-AsOtherAdmin GET 'eventlogEntryReport').status -ne 'EXECUTING') { Start-Sleep -Milliseconds 50 }
            $run.IsCompleted | Should -BeFalse
            (Get-EventLogRequests | Where-Object method -eq 'POST').status | Should -Be 0
            # Stop as Ctrl+C does; the wait is only a guard against a hang.
            $ps.BeginStop($null, $null).AsyncWaitHandle.WaitOne([TimeSpan]::FromMinutes(2)) | Should -BeTrue
            $ps.Dispose()
            @(Get-EventLogRequests | Where-Object method -eq 'DELETE') | Should -HaveCount 1
            (Invoke-AsOtherAdmin GET 'eventlogEntryReport').status | Should -Be 'CANCELLED'
        }
        finally {
            Invoke-ZiaEmulator $emulator 'config' -Method PUT -Body @{ rateLimits = $true } | Out-Null
        }
    }
}
