<#
.SYNOPSIS
    One Bench idle measurement in a fresh process: the CPU seconds a second of a pwsh that sits idle, with the
    module imported (-ModulePath) or without it. It settles first (start-up work ends), then measures. Writes one
    JSON line.
#>
param(
    [string] $ModulePath,
    [int] $SettleSeconds = 5,
    [int] $Seconds = 15
)
$ErrorActionPreference = 'Stop'
if ($ModulePath) { Import-Module $ModulePath }
$process = [Diagnostics.Process]::GetCurrentProcess()
Start-Sleep -Seconds $SettleSeconds
$process.Refresh()
$cpu = $process.TotalProcessorTime
$watch = [Diagnostics.Stopwatch]::StartNew()
Start-Sleep -Seconds $Seconds
$process.Refresh()
[pscustomobject]@{
    CpuPerSecond = [math]::Round(($process.TotalProcessorTime - $cpu).TotalSeconds / $watch.Elapsed.TotalSeconds, 4)
} | ConvertTo-Json -Compress
