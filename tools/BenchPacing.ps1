<#
.SYNOPSIS
    One Bench pacing measurement in a fresh process: a first sync of -Users new users through a connection at
    -RequestsPerSecond, timed and with this process's CPU. With -WarmUsers, a first sync of that many other users
    goes before, and the emulator's request log is emptied after it: the figures are then those of a process whose
    code is already compiled (the first run's CPU is mostly the .NET JIT). The SCIM base URL and bearer token come
    as one JSON line on stdin (never on the command line or on disk). Writes one JSON line: the figures.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [double] $RequestsPerSecond,
    [Parameter(Mandatory)] [int] $Users,
    [int] $WarmUsers = 0
)
$ErrorActionPreference = 'Stop'
$login = [Console]::In.ReadLine() | ConvertFrom-Json
Import-Module $ModulePath
$rows = 1..$Users | ForEach-Object {
    [pscustomobject]@{ userName = "pace$_@acme.example"; givenName = "Given$_"; familyName = "Family$_"; department = 'Sales'; email = "pace$_@acme.example"; externalId = "pace-$_" }
}
$connection = Connect-ZiaScim -BaseUrl $login.baseUrl -BearerToken (ConvertTo-SecureString $login.token -AsPlainText -Force) -RequestsPerSecond $RequestsPerSecond -PassThru

if ($WarmUsers -gt 0) {
    1..$WarmUsers | ForEach-Object { [pscustomobject]@{ userName = "warm$_@acme.example"; givenName = 'Warm'; familyName = "$_"; email = "warm$_@acme.example" } } |
        Sync-ZiaScimUser -Connection $connection -Confirm:$false -ErrorAction Continue | Out-Null
    # Let the warm-up's window empty, then start the emulator's count afresh (its control API, on the same origin).
    Start-Sleep -Milliseconds 1200
    Invoke-RestMethod -Method Delete -Uri "$(([uri]$login.baseUrl).GetLeftPart('Authority'))/_emulator/requests" | Out-Null
}
$process = [Diagnostics.Process]::GetCurrentProcess()
$process.Refresh()
$cpu = $process.TotalProcessorTime
$watch = [Diagnostics.Stopwatch]::StartNew()
$results = $rows | Sync-ZiaScimUser -Connection $connection -Confirm:$false -ErrorAction Continue
$watch.Stop()
$process.Refresh()

[pscustomobject]@{
    Seconds    = [math]::Round($watch.Elapsed.TotalSeconds, 3)
    CpuSeconds = [math]::Round(($process.TotalProcessorTime - $cpu).TotalSeconds, 3)
    Results    = ($results | Group-Object Action -NoElement | Sort-Object Name | ForEach-Object { "$($_.Count) $($_.Name)" }) -join ', '
} | ConvertTo-Json -Compress
