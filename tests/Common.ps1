# Dot-sourced by every *.Tests.ps1 in BeforeAll: imports the BUILT module (never the source) and the emulator driver.
$ErrorActionPreference = 'Stop'
$repoRoot = Split-Path $PSScriptRoot -Parent
if (-not $env:ZSCALERSCIM_MODULE) {
    $version = (Import-PowerShellDataFile (Join-Path $repoRoot 'ZscalerScim.psd1')).ModuleVersion
    $env:ZSCALERSCIM_MODULE = Join-Path $repoRoot "out/ZscalerScim/$version/ZscalerScim.psd1"
}
if (-not $env:ZSCALERSCIM_EMULATOR) {
    $env:ZSCALERSCIM_EMULATOR = Join-Path $repoRoot 'out/emulator/ZscalerScim.Emulator.dll'
}
Import-Module $env:ZSCALERSCIM_MODULE -Force
Import-Module (Join-Path $PSScriptRoot 'ZiaEmulator.psm1') -Force

function Connect-TestZia {
    # An API-key session to the emulator, returned and made the runspace default.
    param([Parameter(Mandatory)] $Emulator, [hashtable] $Extra = @{})
    Connect-Zia -BaseUri $Emulator.BaseUri -Credential $Emulator.Credential -ApiKey $Emulator.ApiKey -PassThru @Extra
}

function Invoke-TestSync {
    # Sync-ZiaScimUser that never stops the test: its results, its warnings as text and its errors.
    param([object[]] $Rows, [Parameter(Mandatory)] $Connection, [hashtable] $Extra = @{})
    $warnings = $null; $errs = $null
    $results = $Rows | Sync-ZiaScimUser -Connection $Connection -Confirm:$false -WarningVariable warnings -ErrorVariable errs -ErrorAction SilentlyContinue @Extra 3>$null
    [pscustomobject]@{ Results = @($results); Warnings = @($warnings | ForEach-Object { "$_" }); Errors = @($errs) }
}
