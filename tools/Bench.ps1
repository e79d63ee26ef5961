<#
.SYNOPSIS
    Measures Sync-ZiaScimUser against the emulator and prints the figures issue 12 sets goals for; writes
    out/bench.json. Figures, not assertions: the tests assert behaviour, and this machine is noisy, so each
    figure is a ratio of two measurements taken in one run.
.DESCRIPTION
    CPU and memory (emulator limits off, pages of 1,000, Bulk on), each run in a fresh pwsh so that its
    peak working set is its own, with the streamed `Import-Csv users.csv | Sync-ZiaScimUser | Export-Csv`:
      - first sync into an empty tenant, and a re-sync of the same file (no change);
      - CPU as a ratio to `Import-Csv | Export-Csv` of the same file in the same process.
    The same two cases for Sync-ZiaScimGroup with -Groups groups (3 members each, drawn from Groups / 4 users that
    the server holds): a first sync creates them all, a re-sync of the same file changes nothing. -GroupsOnly runs
    these alone.
    Test-ZiaScimSetup of a healthy setup (Entra ID connected, its job run, ZIA's rate limits on): the wall time of
    the whole check, median of 5 after a warm-up; the event-log report completes at once here, so none of it is
    the report's own wait (goal: at most 3 s, issue 22).
    Idle: the CPU seconds a second of a fresh pwsh that only imports the module (each -BaselineModulePath too),
    and of one without it, side by side.
    Pacing (the emulator's SCIM limit of 5 requests a second on, -RequestsPerSecond), each in a fresh pwsh: the
    elapsed time of a first sync as a ratio to requests / rate (429s left out of requests), the 429s, and the client's CPU a request net of
    its idle CPU; with Bulk, without, over a path with 0 to -JitterMs ms of random delay before the emulator counts
    a request (its arrivalDelayMs), and in a warm process (after a first sync of as many other users); and a first
    sync to the emulated ZIdentity SCIM endpoint (no Bulk) at its own 50 requests a second. -PacingOnly leaves the
    CPU and memory cases out; -BaselineModulePath runs the idle and pacing cases for another build in the same run.
#>
param(
    [Parameter(Mandatory)] $Emulator,
    [Parameter(Mandatory)] [string] $ModulePath,
    [int] $Users = 2000,
    # 0 leaves the pacing cases out.
    [double] $RequestsPerSecond = 5,
    [int] $PacingBulkUsers = 5000,
    [int] $PacingUsers = 150,
    [int] $ZIdentityUsers = 500,
    # The most random delay, in ms, before the emulator counts a request in the jittered-path case.
    [int] $JitterMs = 50,
    # Another build of the module (say, the last release's) whose idle and pacing cases run in the same Bench run.
    [string] $BaselineModulePath,
    # Leaves the CPU and memory cases out (the pacing and idle cases only).
    [switch] $PacingOnly,
    # Groups in the group sync cases (0 leaves them out); -GroupsOnly runs those alone.
    [int] $Groups = 2000,
    [switch] $GroupsOnly,
    [string] $OutFile
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force
Import-Module (Join-Path $PSScriptRoot '../tests/ZiaEmulator.psm1')

Connect-Zia -BaseUri $Emulator.BaseUri -Credential $Emulator.Credential -ApiKey $Emulator.ApiKey
$idp = Get-ZiaIdentityProvider 'Entra ID'
$work = Join-Path ([IO.Path]::GetTempPath()) "zscalerscim-bench-$PID"
New-Item -ItemType Directory -Path $work -Force | Out-Null

function Write-Users([string] $Path, [int] $Count) {
    # Written directly: building 100k objects here would only slow the Bench down.
    $writer = [IO.StreamWriter]::new($Path)
    try {
        $writer.WriteLine('"userName","givenName","familyName","displayName","department","email","externalId","active"')
        for ($n = 1; $n -le $Count; $n++) {
            $writer.WriteLine("""bench$n@acme.example"",""Given$n"",""Family$n"",""Bench User $n"",""Sales"",""bench$n@acme.example"",""bench-$n"",""true""")
        }
    }
    finally { $writer.Dispose() }
}

function Write-Groups([string] $Path, [int] $Count) {
    # The server gets the users (bench-member<n>@acme.example); the file names 3 of them a group, each user in about 12 groups.
    $users = [math]::Max(100, [int][math]::Ceiling($Count / 4))
    for ($first = 1; $first -le $users; $first += 5000) {
        $batch = @($first..[math]::Min($users, $first + 4999) | ForEach-Object { @{ userName = "bench-member$_@acme.example" } })
        Invoke-ZiaEmulator $Emulator "scim/$($idp.Id)/users" -Method POST -Body $batch | Out-Null
    }
    $writer = [IO.StreamWriter]::new($Path)
    try {
        $writer.WriteLine('"DisplayName","ExternalId","Members"')
        $third = [int][math]::Floor($users / 3)
        for ($n = 0; $n -lt $Count; $n++) {
            $members = "bench-member$(1 + $n % $users)@acme.example;bench-member$(1 + ($n + $third) % $users)@acme.example;bench-member$(1 + ($n + 2 * $third) % $users)@acme.example"
            $writer.WriteLine("""Bench Group $n"",""bench-group-$n"",""$members""")
        }
    }
    finally { $writer.Dispose() }
}

function Get-ScimCounters {
    $c = Invoke-ZiaEmulator $Emulator 'scim/counters'
    [pscustomobject]@{ Requests = [int]$c.total; RateLimited = [int]$c.rateLimited }
}

function Measure-Cpu([string] $Name, [string] $Csv, [string] $Kind = 'User', [int] $Count = $Users) {
    # One fresh process per case: its CPU baseline and its peak working set are its own.
    Invoke-ZiaEmulator $Emulator 'requests' -Method DELETE | Out-Null
    $report = Join-Path $work "$($Name -replace '\W', '-').csv"
    $login = @{ baseUri = "$($Emulator.BaseUri)"; username = $Emulator.Credential.UserName
                password = $Emulator.Credential.GetNetworkCredential().Password
                apiKey = [pscredential]::new('k', $Emulator.ApiKey).GetNetworkCredential().Password } | ConvertTo-Json -Compress
    $line = $login | & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'BenchSync.ps1') -ModulePath $ModulePath -Csv $Csv -Report $report -Kind $Kind |
        Select-Object -Last 1
    if ($LASTEXITCODE -ne 0 -or -not $line) { throw "The $Name measurement failed (exit code $LASTEXITCODE)." }
    $figures = $line | ConvertFrom-Json
    $counters = Get-ScimCounters
    $actions = @{}
    Import-Csv $report | Group-Object Action -NoElement | ForEach-Object { $actions[$_.Name] = $_.Count }
    Remove-Item $report
    [pscustomobject]@{
        Case             = $Name
        Users            = $Count
        CpuRatio         = [math]::Round($figures.SyncCpuSeconds / [math]::Max(0.01, $figures.BaselineCpuSeconds), 2)
        SyncCpuSeconds   = $figures.SyncCpuSeconds
        BaselineCpuSeconds = $figures.BaselineCpuSeconds
        Seconds          = $figures.SyncSeconds
        PeakWorkingSetMB = $figures.PeakWorkingSetMB
        BaselinePeakMB   = $figures.BaselinePeakMB
        GcCount          = $figures.GcCount
        AllocatedMB      = "$($figures.SyncAllocatedMB)/$($figures.BaselineAllocatedMB)"
        GcPauseSeconds   = $figures.SyncGcPauseSeconds
        PoolWorkItems    = $figures.SyncPoolWorkItems
        Requests         = $counters.Requests
        RateLimited      = $counters.RateLimited
        Results          = ($actions.GetEnumerator() | Sort-Object Name | ForEach-Object { "$($_.Value) $($_.Name)" }) -join ', '
    }
}

function Measure-Idle([string[]] $Module) {
    # Fresh processes side by side: a bare pwsh, and one per module that only imports it; each settles, then sits idle.
    $runs = @([pscustomobject]@{ Name = 'pwsh alone'; Module = $null }) + @($Module | ForEach-Object { [pscustomobject]@{ Name = $_; Module = $_ } })
    $jobs = foreach ($run in $runs) {
        $arguments = @('pwsh', '-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot 'BenchIdle.ps1'))
        if ($run.Module) { $arguments += @('-ModulePath', $run.Module) }
        [pscustomobject]@{ Run = $run; Job = Start-Job -ScriptBlock { param($a) & dotnet @a | Select-Object -Last 1 } -ArgumentList (, $arguments) }
    }
    foreach ($j in $jobs) {
        $line = Receive-Job $j.Job -Wait -AutoRemoveJob
        [pscustomobject]@{ Module = $j.Run.Name; IdleCpuSecondsPerSecond = ($line | ConvertFrom-Json).CpuPerSecond }
    }
}

function Measure-Pacing {
    <#
    A first sync of -Users new users, in a fresh pwsh that imports -Module, through a connection at
    -RequestsPerSecond, into a server that enforces that limit; the elapsed time as a ratio to the least the limit
    allows (requests the server let through / rate), the 429s, and the client's CPU a request net of its idle CPU. The caller prepares the
    server (empty, Bulk on or off, arrival delay). Any SCIM endpoint the emulator serves will do, e.g. a
    ZIdentity-style one at 50 requests a second.
    #>
    param(
        [Parameter(Mandatory)] [string] $Name,
        [Parameter(Mandatory)] [string] $Module,
        [Parameter(Mandatory)] [uri] $BaseUrl,
        [Parameter(Mandatory)] [securestring] $BearerToken,
        [Parameter(Mandatory)] [double] $RequestsPerSecond,
        [Parameter(Mandatory)] [int] $Users,
        [double] $IdleCpuPerSecond = 0,
        [int] $WarmUsers = 0
    )
    # Let the last case's window empty first.
    Start-Sleep -Milliseconds 1200
    Invoke-ZiaEmulator $Emulator 'requests' -Method DELETE | Out-Null
    $login = @{ baseUrl = "$BaseUrl"; token = [pscredential]::new('t', $BearerToken).GetNetworkCredential().Password } | ConvertTo-Json -Compress
    $line = $login | & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'BenchPacing.ps1') -ModulePath $Module -RequestsPerSecond $RequestsPerSecond -Users $Users -WarmUsers $WarmUsers |
        Select-Object -Last 1
    if ($LASTEXITCODE -ne 0 -or -not $line) { throw "The pacing case '$Name' failed (exit code $LASTEXITCODE)." }
    $figures = $line | ConvertFrom-Json
    $requests = @(Get-ZiaEmulatorRequest $Emulator | Where-Object { $_.path -like "$($BaseUrl.AbsolutePath.TrimEnd('/'))/*" })
    $refused = @($requests | Where-Object status -eq 429).Count
    # The least time the limit allows for the requests it let through: a 429 and its retry are what the ratio shows.
    $least = ($requests.Count - $refused) / $RequestsPerSecond
    [pscustomobject]@{
        Case          = $Name
        Module        = $Module
        Users         = $Users
        Seconds       = [math]::Round($figures.Seconds, 2)
        Requests      = $requests.Count
        RateLimited   = $refused
        TimeRatio     = [math]::Round($figures.Seconds / [math]::Max(0.001, $least), 3)
        CpuSeconds    = $figures.CpuSeconds
        CpuMsPerRequest = [math]::Round(1000 * ($figures.CpuSeconds - $IdleCpuPerSecond * $figures.Seconds) / [math]::Max(1, $requests.Count), 2)
        Results       = $figures.Results
    }
}

function Measure-SetupCheck {
    $entra = @{ TenantId = $Emulator.EntraTenantId; ClientId = $Emulator.EntraClientId; ClientSecret = $Emulator.EntraClientSecret; GraphEndpoint = $Emulator.GraphEndpoint; LoginEndpoint = $Emulator.LoginEndpoint }
    Connect-ZiaScimEntra -ServicePrincipal $Emulator.EntraServicePrincipal @entra
    Set-ZiaScimEntraProvisioning -IdentityProvider $idp -StartJob -Confirm:$false | Out-Null
    while (-not ((Invoke-ZiaEmulator $Emulator 'entra/state').servicePrincipals | Where-Object id -eq $Emulator.EntraServicePrincipalId).jobs[0].runsCompleted) { Start-Sleep -Milliseconds 200 }
    Invoke-ZiaEmulator $Emulator 'eventlog/config' -Method PUT -Body @{ reportDelayMs = 0 } | Out-Null
    $links = @(Test-ZiaScimSetup $idp)
    $seconds = foreach ($i in 1..5) {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $links = @(Test-ZiaScimSetup $idp)
        $watch.Elapsed.TotalSeconds
    }
    Disconnect-ZiaScimEntra
    $sorted = @($seconds | Sort-Object)
    [pscustomobject]@{
        Case          = 'Test-ZiaScimSetup, healthy Entra ID setup'
        MedianSeconds = [math]::Round($sorted[2], 2)
        MaxSeconds    = [math]::Round($sorted[-1], 2)
        GoalSeconds   = 3
        Links         = ($links | ForEach-Object { "$($_.Link) $($_.Status)" }) -join '; '
    }
}

try {
    $setupCheck = $null
    if (-not $GroupsOnly) {
        $setupCheck = Measure-SetupCheck
        $setupCheck | Format-List | Out-String -Width 250 | Out-Host
    }

    $csv = Join-Path $work 'users.csv'
    Write-Users $csv $Users
    Invoke-ZiaEmulator $Emulator 'scim/config' -Method PUT -Body @{ rateLimit = $false; maxPageSize = 1000; bulkEnabled = $true } | Out-Null
    Invoke-ZiaEmulator $Emulator "scim/$($idp.Id)" -Method DELETE | Out-Null
    $cpu = @()
    if (-not ($PacingOnly -or $GroupsOnly)) {
        $cpu = @(
            Measure-Cpu 'first sync' $csv
            Measure-Cpu 're-sync, no change' $csv
        )
    }
    if ($Groups -gt 0 -and -not $PacingOnly) {
        Invoke-ZiaEmulator $Emulator "scim/$($idp.Id)" -Method DELETE | Out-Null
        $groupCsv = Join-Path $work 'groups.csv'
        Write-Groups $groupCsv $Groups
        $cpu += @(
            Measure-Cpu 'groups: first sync' $groupCsv -Kind Group -Count $Groups
            Measure-Cpu 'groups: re-sync, no change' $groupCsv -Kind Group -Count $Groups
        )
    }
    $cpu | Format-Table Case, Users, CpuRatio, SyncCpuSeconds, BaselineCpuSeconds, Seconds, PeakWorkingSetMB, BaselinePeakMB, GcCount, AllocatedMB, GcPauseSeconds, PoolWorkItems, Requests, RateLimited, Results -AutoSize | Out-String -Width 250 | Out-Host

    # Idle: what importing the module costs while nothing runs; the pacing cases' CPU is net of it.
    $modules = @($ModulePath) + @($BaselineModulePath | Where-Object { $_ })
    $idle = @()
    if (-not $GroupsOnly) {
        $idle = @(Measure-Idle $modules)
        $idle | Format-Table -AutoSize | Out-String -Width 250 | Out-Host
    }

    $pacing = @()
    if ($RequestsPerSecond -gt 0 -and -not $GroupsOnly) {
        $baseUrl = (Get-ZiaScimBaseUrl $idp).BaseUrl
        $token = Get-ZiaScimBearerToken $idp
        $cases = @(
            @{ Name = "$RequestsPerSecond req/s, Bulk"; Bulk = $true; Users = $PacingBulkUsers; Delay = 0 }
            @{ Name = "$RequestsPerSecond req/s, no Bulk"; Bulk = $false; Users = $PacingUsers; Delay = 0 }
            @{ Name = "$RequestsPerSecond req/s, no Bulk, 0-$JitterMs ms arrival jitter"; Bulk = $false; Users = $PacingUsers; Delay = $JitterMs }
            # The same, in a process that has run a sync before: the CPU of pacing itself, without the first run's JIT.
            @{ Name = "$RequestsPerSecond req/s, no Bulk, warm process"; Bulk = $false; Users = $PacingUsers; Delay = 0; Warm = $PacingUsers }
        )
        foreach ($module in $modules) {
            $idleRate = ($idle | Where-Object Module -eq $module).IdleCpuSecondsPerSecond
            foreach ($case in $cases) {
                Invoke-ZiaEmulator $Emulator "scim/$($idp.Id)" -Method DELETE | Out-Null
                # Sending rateLimit empties the server's window: each case starts fresh.
                Invoke-ZiaEmulator $Emulator 'scim/config' -Method PUT -Body @{ rateLimit = $true; bulkEnabled = $case.Bulk; arrivalDelayMs = $case.Delay } | Out-Null
                $pacing += Measure-Pacing -Name $case.Name -Module $module -BaseUrl $baseUrl -BearerToken $token -RequestsPerSecond $RequestsPerSecond -Users $case.Users -IdleCpuPerSecond $idleRate -WarmUsers ([int]$case['Warm'])
            }
            Invoke-ZiaEmulator $Emulator 'scim/config' -Method PUT -Body @{ rateLimit = $true; bulkEnabled = $true; arrivalDelayMs = 0 } | Out-Null
            # ZIdentity's directory cannot be emptied: its first sync runs for this build only.
            if ($module -ne $ModulePath) { continue }
            # ZIdentity's SCIM server: its own limit (50 a second), no Bulk (its ServiceProviderConfig offers none).
            Invoke-ZiaEmulator $Emulator 'zidentity' -Method PUT -Body @{ mode = 'zidentityAdminsAndUsers' } | Out-Null
            $pacing += Measure-Pacing -Name 'ZIdentity, 50 req/s, no Bulk' -Module $module -BaseUrl $Emulator.ZIdentityScimUrl -BearerToken $Emulator.ZIdentityScimToken -RequestsPerSecond 50 -Users $ZIdentityUsers -IdleCpuPerSecond $idleRate
            Invoke-ZiaEmulator $Emulator 'zidentity' -Method PUT -Body @{ mode = 'classic' } | Out-Null
        }
        $pacing | Format-Table Case, Module, Users, Seconds, Requests, RateLimited, TimeRatio, CpuSeconds, CpuMsPerRequest, Results -AutoSize | Out-String -Width 300 | Out-Host
    }

    if ($OutFile) {
        [pscustomobject]@{
            Date    = [DateTime]::UtcNow.ToString('o')
            Machine = "$([Environment]::ProcessorCount) cores, $([Runtime.InteropServices.RuntimeInformation]::OSDescription), pwsh $($PSVersionTable.PSVersion)"
            Cpu     = $cpu
            Idle    = $idle
            Pacing  = $pacing
            SetupCheck = $setupCheck
        } | ConvertTo-Json -Depth 5 | Set-Content $OutFile
        Write-Host "Wrote $OutFile"
    }
}
finally {
    Remove-Item $work -Recurse -Force -ErrorAction Ignore
}
