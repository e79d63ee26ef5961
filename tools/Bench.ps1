<#
.SYNOPSIS
    Measures the sync against the emulator: 2,000 users into an empty tenant, then again with 20 changes.
    Prints a table and writes out/bench.json. Figures, not assertions: the tests assert behaviour.
#>
param(
    [Parameter(Mandatory)] $Emulator,
    [Parameter(Mandatory)] [string] $ModulePath,
    [int] $Users = 2000,
    [int] $Changes = 20,
    [string] $OutFile
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force
Import-Module (Join-Path $PSScriptRoot '../tests/ZiaEmulator.psm1')

Connect-Zia -BaseUri $Emulator.BaseUri -Credential $Emulator.Credential -ApiKey $Emulator.ApiKey
$idp = Get-ZiaIdentityProvider 'Entra ID'
$rows = 1..$Users | ForEach-Object {
    [pscustomobject]@{ userName = "bench$_@acme.example"; givenName = "Given$_"; familyName = "Family$_"; department = 'Sales'; email = "bench$_@acme.example"; externalId = "bench-$_" }
}

function Measure-Sync([string] $Name) {
    Invoke-ZiaEmulator $Emulator 'requests' -Method DELETE | Out-Null
    $connection = Connect-ZiaScim -IdentityProvider $idp -PassThru
    [GC]::Collect()
    $before = [GC]::GetTotalMemory($true)
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $results = $rows | Sync-ZiaScimUser -Connection $connection -Confirm:$false
    $watch.Stop()
    $requests = @(Get-ZiaEmulatorRequest $Emulator | Where-Object { $_.path -like '*/scim/*' })
    [pscustomobject]@{
        Run             = $Name
        Users           = $Users
        Seconds         = [math]::Round($watch.Elapsed.TotalSeconds, 2)
        Requests        = $requests.Count
        Reads           = @($requests | Where-Object method -eq 'GET').Count
        Writes          = @($requests | Where-Object method -ne 'GET').Count
        RateLimited     = @($requests | Where-Object status -eq 429).Count
        Created         = @($results | Where-Object Action -eq 'Created').Count
        Updated         = @($results | Where-Object Action -eq 'Updated').Count
        ManagedHeapMB   = [math]::Round(([GC]::GetTotalMemory($false) - $before) / 1MB, 1)
    }
}

$first = Measure-Sync 'empty tenant'
foreach ($n in 1..$Changes) { $rows[[int]($n * $Users / ($Changes + 1))].department = 'Finance' }
$second = Measure-Sync "$Changes changed"
$report = @($first, $second)
$report | Format-Table -AutoSize | Out-String -Width 200 | Out-Host
if ($OutFile) { $report | ConvertTo-Json | Set-Content $OutFile }
