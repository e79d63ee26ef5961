# The module as admins install it: a PowerShell Gallery package (what build.ps1 -Task Package writes), saved
# from a local repository into a temporary module path, imported by name in a fresh pwsh.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emulator = Start-ZiaEmulator
    $moduleFolder = Split-Path $env:ZSCALERSCIM_MODULE -Parent
    $version = (Import-PowerShellDataFile $env:ZSCALERSCIM_MODULE).ModuleVersion
    $feed = Join-Path $TestDrive 'feed'
    $modules = Join-Path $TestDrive 'modules'
    New-Item -ItemType Directory -Path $feed, $modules | Out-Null
    # The Package task's one step, on the module this run built.
    Compress-PSResource -Path $moduleFolder -DestinationPath $feed
    $package = Join-Path $feed "ZscalerScim.$version.nupkg"

    function Invoke-Fresh([string] $Script) {
        # A new pwsh whose PSResourceGet settings and module path are this test's own.
        $file = Join-Path $TestDrive "fresh-$([guid]::NewGuid().ToString('N')).ps1"
        Set-Content -Path $file -Value $Script
        # The emulator's credentials reach the child through its environment, never a file.
        # .NET ignores a data folder that does not exist yet (PSResourceGet would then write beside the current directory).
        $env:XDG_DATA_HOME = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'data') -Force | Select-Object -ExpandProperty FullName
        $env:ZT_PASSWORD = $emulator.Credential.GetNetworkCredential().Password
        $env:ZT_APIKEY = [pscredential]::new('k', $emulator.ApiKey).GetNetworkCredential().Password
        try { & dotnet (Join-Path $PSHOME 'pwsh.dll') -NoProfile -NonInteractive -File $file 2>&1 | ForEach-Object { "$_" } }
        finally { Remove-Item Env:XDG_DATA_HOME, Env:ZT_PASSWORD, Env:ZT_APIKEY }
    }
}

AfterAll {
    Stop-ZiaEmulator $emulator
}

Describe 'The PowerShell Gallery package' {
    It 'holds the module folder as built: manifest, dll, dependency, format file, help, license' {
        Test-Path $package | Should -BeTrue
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [System.IO.Compression.ZipFile]::OpenRead($package)
        try { $entries = $zip.Entries.FullName } finally { $zip.Dispose() }
        foreach ($file in 'ZscalerScim.psd1', 'ZscalerScim.PowerShell.dll', 'Newtonsoft.Json.dll', 'ZscalerScim.Format.ps1xml', 'LICENSE',
            'en-US/ZscalerScim.PowerShell.dll-Help.xml', 'en-US/about_ZscalerScim.help.txt') {
            $entries | Should -Contain $file
        }
    }

    It 'installs from a local repository into a module path and works from there, imported by name' {
        $output = Invoke-Fresh @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name ZscalerScimTest -Uri '$feed' -Trusted
Save-PSResource -Name ZscalerScim -Repository ZscalerScimTest -Path '$modules' -TrustRepository
`$env:PSModulePath = '$modules' + [IO.Path]::PathSeparator + `$env:PSModulePath
Import-Module ZscalerScim
'LOADED ' + (Get-Module ZscalerScim).ModuleBase
`$cred = [pscredential]::new('$($emulator.Credential.UserName)', (ConvertTo-SecureString `$env:ZT_PASSWORD -AsPlainText -Force))
Connect-Zia -BaseUri '$($emulator.BaseUri)' -Credential `$cred -ApiKey (ConvertTo-SecureString `$env:ZT_APIKEY -AsPlainText -Force)
'ORG ' + (Get-ZiaOrganization).OrgId
'HELP ' + ((Get-Help Connect-Zia -Full).examples.example.Count -gt 0)
"@
        ($output | Out-String) | Should -Match ([regex]::Escape("LOADED $(Join-Path $modules "ZscalerScim/$version")"))
        $output | Should -Contain "ORG $($emulator.OrgId)"
        $output | Should -Contain 'HELP True'
    }
}
