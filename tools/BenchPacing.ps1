<#
.SYNOPSIS
    One Bench pacing measurement in a fresh process: a first sync of -Users new users through a connection at
    -RequestsPerSecond, timed and with this process's CPU. The SCIM base URL and bearer token come as one JSON
    line on stdin (never on the command line or on disk). Writes one JSON line: the figures.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [double] $RequestsPerSecond,
    [Parameter(Mandatory)] [int] $Users
)
$ErrorActionPreference = 'Stop'
$login = [Console]::In.ReadLine() | ConvertFrom-Json
Import-Module $ModulePath
$rows = 1..$Users | ForEach-Object {
    [pscustomobject]@{ userName = "pace$_@acme.example"; givenName = "Given$_"; familyName = "Family$_"; department = 'Sales'; email = "pace$_@acme.example"; externalId = "pace-$_" }
}
$connection = Connect-ZiaScim -BaseUrl $login.baseUrl -BearerToken (ConvertTo-SecureString $login.token -AsPlainText -Force) -RequestsPerSecond $RequestsPerSecond -PassThru

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
