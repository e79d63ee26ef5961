<#
.SYNOPSIS
    One Bench measurement in a fresh process, so that its peak working set is its own: the CPU of
    `Import-Csv | Export-Csv` of the file (the baseline), then of `Import-Csv | Sync-ZiaScimUser | Export-Csv` (or Sync-ZiaScimGroup with -Kind Group).
    The emulator's sign-in comes as one JSON line on stdin (never on the command line or on disk).
    Writes one JSON line: the figures.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $Csv,
    [Parameter(Mandatory)] [string] $Report,
    [double] $RequestsPerSecond = 100,
    [string] $IdentityProvider = 'Entra ID',
    [ValidateSet('User', 'Group')] [string] $Kind = 'User'
)
$ErrorActionPreference = 'Stop'
$login = [Console]::In.ReadLine() | ConvertFrom-Json
Import-Module $ModulePath
Connect-Zia -BaseUri $login.baseUri -ApiKey (ConvertTo-SecureString $login.apiKey -AsPlainText -Force) `
    -Credential ([pscredential]::new($login.username, (ConvertTo-SecureString $login.password -AsPlainText -Force)))
$connection = Connect-ZiaScim -IdentityProvider (Get-ZiaIdentityProvider $IdentityProvider) -RequestsPerSecond $RequestsPerSecond -PassThru

$process = [Diagnostics.Process]::GetCurrentProcess()
function Get-Cpu { $process.Refresh(); $process.TotalProcessorTime.TotalSeconds }
$copy = "$Report.baseline.csv"

# Warm the CSV cmdlets up on a few rows, so that neither measurement pays their first-use cost alone.
Import-Csv $Csv | Select-Object -First 10 | Export-Csv $copy -NoTypeInformation

$start = Get-Cpu
$allocated = [GC]::GetTotalAllocatedBytes()
Import-Csv $Csv | Export-Csv $copy -NoTypeInformation
$baseline = (Get-Cpu) - $start
$baselineAllocated = [GC]::GetTotalAllocatedBytes() - $allocated
Remove-Item $copy
[GC]::Collect()
$process.Refresh()
$baselinePeak = $process.PeakWorkingSet64

$start = Get-Cpu
$allocated = [GC]::GetTotalAllocatedBytes()
$paused = [GC]::GetTotalPauseDuration()
$workItems = [Threading.ThreadPool]::CompletedWorkItemCount
$watch = [Diagnostics.Stopwatch]::StartNew()
Import-Csv $Csv | & "Sync-ZiaScim$Kind" -Connection $connection -Confirm:$false -ErrorAction Continue | Export-Csv $Report -NoTypeInformation
$watch.Stop()
$sync = (Get-Cpu) - $start
$syncAllocated = [GC]::GetTotalAllocatedBytes() - $allocated
$syncPaused = [GC]::GetTotalPauseDuration() - $paused
$syncWorkItems = [Threading.ThreadPool]::CompletedWorkItemCount - $workItems
$process.Refresh()
$gc = [GC]::GetGCMemoryInfo()

[pscustomobject]@{
    BaselineCpuSeconds = [math]::Round($baseline, 2)
    SyncCpuSeconds     = [math]::Round($sync, 2)
    SyncSeconds        = [math]::Round($watch.Elapsed.TotalSeconds, 2)
    PeakWorkingSetMB   = [math]::Round($process.PeakWorkingSet64 / 1MB)
    # The process's peak before the sync began: pwsh, the module and the baseline's Import-Csv | Export-Csv.
    BaselinePeakMB     = [math]::Round($baselinePeak / 1MB)
    GcCount            = "$([GC]::CollectionCount(0))/$([GC]::CollectionCount(1))/$([GC]::CollectionCount(2))"
    LastHeapMB         = [math]::Round($gc.HeapSizeBytes / 1MB)
    # Bytes allocated by the whole process during each pass: what the collector had to deal with.
    BaselineAllocatedMB = [math]::Round($baselineAllocated / 1MB)
    SyncAllocatedMB    = [math]::Round($syncAllocated / 1MB)
    # How much of the sync's time the collector stopped the process, and how many thread-pool work items ran (each a
    # hop off the pipeline thread: requests, answers, timers): where a large sync's CPU goes when the module's own code does not explain it.
    SyncGcPauseSeconds = [math]::Round($syncPaused.TotalSeconds, 2)
    SyncPoolWorkItems  = $syncWorkItems
} | ConvertTo-Json -Compress
