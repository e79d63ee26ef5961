#Requires -Version 7.2
<#
.SYNOPSIS
    Builds, tests and demonstrates the ZscalerScim module.
.DESCRIPTION
    Build     publishes a ready module folder out/ZscalerScim/<version>/ (dll, dependencies, manifest,
              format file, en-US MAML help).
    Test      builds, then runs the xunit suite, the net472 leg (build, and unit tests under Mono where installed),
              every Pester file (each in a fresh pwsh that imports the built module) and the emulator's conformance
              tests, and prints as its last line "N passed, N failed".
    Demo      builds, starts the emulator, runs the end-to-end story against it, stops the emulator.
    Emulator  builds and runs the emulator in the foreground until Ctrl+C.
    Package   builds, then packs the module folder into out/ZscalerScim.<version>.nupkg (a PowerShell Gallery package).
    Help      rebuilds only the MAML help from docs/help.
    Bench     measures Sync-ZiaScimUser against the emulator (CPU against Import-Csv | Export-Csv, peak working set,
              requests, 429s, time at the rate limit, also over a path with 0-50 ms of arrival jitter; client CPU a
              request while pacing; idle CPU of an imported module) into out/bench.json: -Users 100000
              -RequestsPerSecond 5. -PacingOnly runs the idle and pacing cases alone; -BaselineModule <psd1> runs
              them for another build too, in the same run. ZIA's largest organization (1,400,000 users, about 20
              minutes): -Users 1400000 -RequestsPerSecond 0. Sync-ZiaScimGroup's first and re-sync of -Groups
              groups (default 2000): -Groups 140000 -GroupsOnly measures ZIA's maximum alone.
.EXAMPLE
    dotnet tool restore; dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Emulator', 'Help', 'Bench', 'Package')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Pester files to run (default: every tests/*.Tests.ps1).
    [string[]] $TestPath,

    # Pester processes at once; the tests wait on the service's rate limits more than on the CPU.
    [ValidateRange(1, 16)]
    [int] $ThrottleLimit = 4,

    # Bench: users in the CPU and memory cases (ZIA's maximum, 1,400,000: -Users 1400000 -RequestsPerSecond 0), and the
    # SCIM rate of the pacing cases (0 leaves them out).
    [ValidateRange(1, 2000000)]
    [int] $Users = 2000,
    [ValidateRange(0, 1000)]
    [double] $RequestsPerSecond = 5,

    # Bench: another build's module manifest (say, the last release's), whose idle and pacing cases run in the same run.
    [string] $BaselineModule,

    # Bench: the idle and pacing cases only.
    [switch] $PacingOnly,

    # Bench: groups in the Sync-ZiaScimGroup cases (ZIA's maximum is 140000); -GroupsOnly runs those alone.
    [ValidateRange(0, 1000000)]
    [int] $Groups = 2000,
    [switch] $GroupsOnly
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
$version = (Import-PowerShellDataFile (Join-Path $root 'ZscalerScim.psd1')).ModuleVersion
$out = Join-Path $root 'out'
$moduleDir = Join-Path $out "ZscalerScim/$version"
$emulatorDll = Join-Path $out 'emulator/ZscalerScim.Emulator.dll'
$results = Join-Path $out 'TestResults'

function Invoke-Dotnet {
    # dotnet's own output goes to the host, never into a function's return value.
    & dotnet @args | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE." }
}

function Build-Help {
    Invoke-Dotnet build (Join-Path $root 'tools/HelpBuilder') -c Release -o (Join-Path $out 'obj/helpbuilder') --nologo -v quiet
    Invoke-Dotnet (Join-Path $out 'obj/helpbuilder/HelpBuilder.dll') --source (Join-Path $root 'docs/help') `
        --output (Join-Path $moduleDir 'en-US/ZscalerScim.PowerShell.dll-Help.xml')
}

function Get-ReleaseNotes {
    # The CHANGELOG.md section of this version, without its heading.
    $text = (Get-Content (Join-Path $root 'CHANGELOG.md') -Raw) -replace "`r`n", "`n"
    $match = [regex]::Match($text, "(?ms)^## \[$([regex]::Escape($version))\][^\n]*\n(.*?)(?=^## \[|\z)")
    if (-not $match.Success) { throw "CHANGELOG.md has no section '## [$version]' for the manifest's ModuleVersion." }
    $match.Groups[1].Value.Trim()
}

function Write-Manifest([string] $Path) {
    # The built manifest is the source one with its release notes taken from CHANGELOG.md.
    $notes = (Get-ReleaseNotes) -replace "'", "''"
    $manifest = (Get-Content (Join-Path $root 'ZscalerScim.psd1') -Raw).Replace("ReleaseNotes = ''", "ReleaseNotes = '$notes'")
    Set-Content -Path $Path -Value $manifest -NoNewline
}

function Build-Module {
    $publish = Join-Path $out 'obj/module'
    Remove-Item $publish, $moduleDir -Recurse -Force -ErrorAction Ignore
    # ModuleVersion in the manifest is the one version source: the dll carries it too.
    Invoke-Dotnet publish (Join-Path $root 'src/ZscalerScim.PowerShell') -f netstandard2.0 -c $Configuration -o $publish --nologo -v quiet "-p:Version=$version"
    New-Item -ItemType Directory -Path $moduleDir -Force | Out-Null
    # The dll and its one dependency; PowerShell's own assemblies come from PowerShellStandard at compile time only.
    Copy-Item (Join-Path $publish 'ZscalerScim.PowerShell.dll'), (Join-Path $publish 'Newtonsoft.Json.dll') $moduleDir
    Copy-Item (Join-Path $root 'src/ZscalerScim.PowerShell/ZscalerScim.Format.ps1xml'), (Join-Path $root 'src/ZscalerScim.PowerShell/ZscalerScim.Requirements.ps1'),
        (Join-Path $root 'LICENSE') $moduleDir
    Write-Manifest (Join-Path $moduleDir 'ZscalerScim.psd1')
    Build-Help
    Write-Host "Module: $moduleDir"
}

function Build-Emulator {
    Invoke-Dotnet build (Join-Path $root 'tests/ZscalerScim.Emulator') -c Release -o (Join-Path $out 'emulator') --nologo -v quiet
}

function Restore-TestTools {
    Invoke-Dotnet restore (Join-Path $root 'tests/tools/TestTools.csproj') --nologo -v quiet
    $pester = Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages/pester/5.7.1/tools/Pester.psd1'
    if ($env:NUGET_PACKAGES) { $pester = Join-Path $env:NUGET_PACKAGES 'pester/5.7.1/tools/Pester.psd1' }
    if (-not (Test-Path $pester)) { throw "Pester 5.7.1 was not restored to $pester." }
    $pester
}

# An xunit project under tests/ (by default the module's unit tests), counted from its trx.
function Invoke-XunitSuite([string] $Name = 'xunit', [string] $Project = 'ZscalerScim.Tests') {
    $trx = Join-Path $results "$Name.trx"
    Remove-Item $trx -ErrorAction Ignore
    & dotnet test (Join-Path $root "tests/$Project") -f net10.0 -c $Configuration --nologo -v quiet `
        --logger "trx;LogFileName=$trx" --logger 'console;verbosity=minimal' | Out-Host
    if (-not (Test-Path $trx)) { return [pscustomobject]@{ Name = $Name; Passed = 0; Failed = 1 } }
    $counters = ([xml](Get-Content $trx -Raw)).TestRun.ResultSummary.Counters
    [pscustomobject]@{ Name = $Name; Passed = [int]$counters.passed; Failed = [int]$counters.failed + [int]$counters.error }
}

# The unit-test classes that need no PowerShell runtime (Mono has none): these run on the net472 build under Mono.
$monoTestClasses = 'ApiKeyObfuscatorTests', 'CreateChangesTests', 'HttpClientFactoryTests', 'InFlightTests', 'LayerTests', 'RetryPolicyTests', 'ScimWireTests',
    'SecretRedactorTests', 'ZiaCloudTests'

function Invoke-FrameworkLeg {
    # Windows PowerShell 5.1 runs on .NET Framework: compile for net472 against its reference assemblies (warnings are
    # errors), then run those unit tests on that build under Mono (CI installs it; elsewhere it runs where Mono is).
    & dotnet build (Join-Path $root 'src/ZscalerScim.PowerShell') -f net472 -c $Configuration --nologo -v quiet | Out-Host
    [pscustomobject]@{ Name = 'net472 build'; Passed = [int]($LASTEXITCODE -eq 0); Failed = [int]($LASTEXITCODE -ne 0) }
    if (-not (Get-Command mono -ErrorAction Ignore)) {
        if ($env:CI) { return [pscustomobject]@{ Name = 'xunit net472 on Mono (not installed)'; Passed = 0; Failed = 1 } }
        Write-Warning 'Mono is not installed: the unit tests did not run on the net472 build (apt-get install mono-complete).'
        return
    }
    $trx = Join-Path $results 'xunit-net472.trx'
    Remove-Item $trx -ErrorAction Ignore
    $filter = ($monoTestClasses | ForEach-Object { "FullyQualifiedName~ZscalerScim.Tests.$_." }) -join '|'
    & dotnet test (Join-Path $root 'tests/ZscalerScim.Tests') -f net472 -c $Configuration --nologo -v quiet --filter $filter `
        --logger "trx;LogFileName=$trx" --logger 'console;verbosity=minimal' | Out-Host
    $counters = if (Test-Path $trx) { ([xml](Get-Content $trx -Raw)).TestRun.ResultSummary.Counters }
    # No result, or no test run (a class renamed away), fails the leg.
    if (-not $counters -or [int]$counters.total -eq 0) { return [pscustomobject]@{ Name = 'xunit net472 on Mono'; Passed = 0; Failed = 1 } }
    [pscustomobject]@{ Name = 'xunit net472 on Mono'; Passed = [int]$counters.passed; Failed = [int]$counters.failed + [int]$counters.error }
}

function Invoke-PesterSuite([string] $PesterManifest) {
    $files = if ($TestPath) { $TestPath | ForEach-Object { (Resolve-Path $_).Path } }
             else { (Get-ChildItem (Join-Path $root 'tests') -Filter '*.Tests.ps1').FullName }
    $env:ZSCALERSCIM_MODULE = Join-Path $moduleDir 'ZscalerScim.psd1'
    $env:ZSCALERSCIM_EMULATOR = $emulatorDll

    # Each file runs in its own fresh pwsh, importing the built module; files run side by side.
    $running = [System.Collections.Generic.List[object]]::new()
    $finished = foreach ($file in $files) {
        while ($running.Count -ge $ThrottleLimit) {
            $done = $running | Where-Object { $_.Process.HasExited } | Select-Object -First 1
            if ($done) { [void]$running.Remove($done); Complete-PesterFile $done } else { Start-Sleep -Milliseconds 200 }
        }
        $running.Add((Start-PesterFile $file $PesterManifest))
    }
    $finished = @($finished) + @($running | ForEach-Object { Complete-PesterFile $_ })
    $finished
}

function Start-PesterFile([string] $File, [string] $PesterManifest) {
    $name = [IO.Path]::GetFileNameWithoutExtension($File)
    $xml = Join-Path $results "$name.xml"
    $log = Join-Path $results "$name.log"
    Remove-Item $xml, $log -ErrorAction Ignore
    $command = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$PesterManifest'
`$c = New-PesterConfiguration
`$c.Run.Path = '$File'
`$c.Run.Exit = `$false
`$c.TestResult.Enabled = `$true
`$c.TestResult.OutputFormat = 'NUnit3'
`$c.TestResult.OutputPath = '$xml'
`$c.Output.Verbosity = 'Detailed'
`$c.Output.RenderMode = 'Plaintext'
Invoke-Pester -Configuration `$c
"@
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($command))
    $process = Start-Process -FilePath 'dotnet' -ArgumentList 'pwsh', '-NoProfile', '-NonInteractive', '-OutputFormat', 'Text', '-EncodedCommand', $encoded `
        -WorkingDirectory $root -RedirectStandardOutput $log -RedirectStandardError "$log.err" -PassThru -NoNewWindow
    [pscustomobject]@{ Name = $name; Process = $process; Xml = $xml; Log = $log }
}

function Complete-PesterFile($Run) {
    $Run.Process.WaitForExit()
    Get-Content $Run.Log, "$($Run.Log).err" -ErrorAction Ignore | Out-Host
    if (-not (Test-Path $Run.Xml)) {
        Write-Host "$($Run.Name): Pester wrote no results (the process exited with $($Run.Process.ExitCode))." -ForegroundColor Red
        return [pscustomobject]@{ Name = $Run.Name; Passed = 0; Failed = 1 }
    }
    $testRun = ([xml](Get-Content $Run.Xml -Raw))['test-run']
    [pscustomobject]@{ Name = $Run.Name; Passed = [int]$testRun.passed; Failed = [int]$testRun.failed }
}

function Invoke-WithEmulator([string] $Script, [hashtable] $Extra = @{}) {
    Import-Module (Join-Path $root 'tests/ZiaEmulator.psm1') -Force
    $emulator = Start-ZiaEmulator -Path $emulatorDll
    try {
        & (Join-Path $root "tools/$Script") -Emulator $emulator -ModulePath (Join-Path $moduleDir 'ZscalerScim.psd1') @Extra
    }
    finally {
        Stop-ZiaEmulator $emulator
    }
}

switch ($Task) {
    'Build' { Build-Module }
    'Help' { Build-Help }
    'Package' {
        Build-Module
        # PSResourceGet (shipped with pwsh 7.4+) packs the folder as is: the same files a Gallery install brings.
        $package = Join-Path $out "ZscalerScim.$version.nupkg"
        Remove-Item $package -ErrorAction Ignore
        Compress-PSResource -Path $moduleDir -DestinationPath $out
        Write-Host "Package: $package"
    }
    'Emulator' {
        # Keep stdout for the emulator, whose first line is the JSON that scripts read: build quietly.
        $buildLog = & dotnet build (Join-Path $root 'tests/ZscalerScim.Emulator') -c Release -o (Join-Path $out 'emulator') --nologo -v quiet 2>&1
        if ($LASTEXITCODE -ne 0) { $buildLog | Out-String | Write-Error; exit 1 }
        & dotnet $emulatorDll
    }
    'Demo' {
        Build-Module
        Build-Emulator
        Invoke-WithEmulator 'Demo.ps1'
    }
    'Bench' {
        Build-Module
        Build-Emulator
        $bench = @{ OutFile = (Join-Path $out 'bench.json'); Users = $Users; RequestsPerSecond = $RequestsPerSecond; PacingOnly = $PacingOnly; Groups = $Groups; GroupsOnly = $GroupsOnly }
        if ($BaselineModule) { $bench.BaselineModulePath = (Resolve-Path $BaselineModule).Path }
        Invoke-WithEmulator 'Bench.ps1' $bench
    }
    'Test' {
        New-Item -ItemType Directory -Path $results -Force | Out-Null
        Build-Module
        Build-Emulator
        $pester = Restore-TestTools
        $suites = @(Invoke-XunitSuite) + @(Invoke-FrameworkLeg) + @(Invoke-PesterSuite $pester)
        # The emulator against Microsoft's Graph SDK and Okta's published API description (it starts the built emulator).
        $suites += @(Invoke-XunitSuite 'conformance' 'ZscalerScim.Conformance')
        Write-Host ''
        $suites | Format-Table Name, Passed, Failed -AutoSize | Out-Host
        $passed = ($suites | Measure-Object Passed -Sum).Sum
        $failed = ($suites | Measure-Object Failed -Sum).Sum
        # The last line CI reads.
        Write-Host "$passed passed, $failed failed"
        exit ([int]($failed -gt 0))
    }
}
