# The built module as a user installs it: manifest, exports, conventions, formatting and help.
BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $commands = @(Get-Command -Module ZscalerScim | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $module = Get-Module ZscalerScim
    $manifest = Import-PowerShellDataFile $env:ZSCALERSCIM_MODULE
    $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
}

Describe 'Manifest' {
    It 'loads from the built folder named for its version' {
        $module.Version | Should -Be $manifest.ModuleVersion
        Split-Path (Split-Path $module.Path -Parent) -Leaf | Should -Be $manifest.ModuleVersion
    }

    It 'runs on Windows PowerShell 5.1 and PowerShell 7' {
        $manifest.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $manifest.PowerShellVersion | Should -Be '5.1'
    }

    It 'exports exactly the cmdlets it lists' {
        @($module.ExportedCmdlets.Keys | Sort-Object) | Should -Be @($manifest.CmdletsToExport | Sort-Object)
        $module.ExportedFunctions.Count | Should -Be 0
    }

    It 'takes its release notes from CHANGELOG.md, and its dll carries the manifest version' {
        $changelog = Get-Content (Join-Path $repoRoot 'CHANGELOG.md') -Raw
        $changelog | Should -Match ([regex]::Escape("## [$($manifest.ModuleVersion)]"))
        $manifest.PrivateData.PSData.ReleaseNotes | Should -Not -BeNullOrEmpty
        $changelog.Replace("`r`n", "`n") | Should -Match ([regex]::Escape($manifest.PrivateData.PSData.ReleaseNotes.Replace("`r`n", "`n")))
        $dll = Join-Path (Split-Path $env:ZSCALERSCIM_MODULE -Parent) 'ZscalerScim.PowerShell.dll'
        [Reflection.AssemblyName]::GetAssemblyName($dll).Version.ToString(3) | Should -Be $manifest.ModuleVersion
    }

    It 'names no online help that would not resolve' {
        $manifest.Keys | Should -Not -Contain 'HelpInfoUri'
        foreach ($name in $manifest.CmdletsToExport) {
            @((Get-Help $name).relatedLinks.navigationLink | Where-Object { $_.uri }) | Should -BeNullOrEmpty -Because "$name's help should link no web page it cannot show"
        }
    }

    It 'has an about topic in about_ text form whose SEE ALSO lists every cmdlet' {
        $about = Get-Help about_ZscalerScim | Out-String
        $about | Should -Match '^\s*TOPIC\s+about_ZscalerScim'
        $about | Should -Not -Match '(?m)^#'
        $seeAlso = ($about -split 'SEE ALSO')[1]
        foreach ($name in $manifest.CmdletsToExport) {
            $seeAlso | Should -Match "(?m)^\s+$name\s*$"
        }
    }

    It 'is one netstandard2.0 dll that references only what Windows PowerShell 5.1 has' {
        # Nothing here runs .NET Framework: guard what can be guarded from the built dll's metadata.
        $dll = Join-Path (Split-Path $env:ZSCALERSCIM_MODULE -Parent) 'ZscalerScim.PowerShell.dll'
        $bytes = [IO.File]::ReadAllBytes($dll)
        $assembly = [Reflection.Assembly]::Load($bytes)
        $assembly.GetCustomAttributes([Runtime.Versioning.TargetFrameworkAttribute], $false).FrameworkName | Should -Be '.NETStandard,Version=v2.0'
        @($assembly.GetReferencedAssemblies() | ForEach-Object { "$($_.Name) $($_.Version)" } | Sort-Object) |
            Should -Be @('netstandard 2.0.0.0', 'Newtonsoft.Json 13.0.0.0', 'System.Management.Automation 3.0.0.0')
    }

    It 'carries gallery metadata' {
        $manifest.PrivateData.PSData.Tags | Should -Contain 'SCIM'
        $manifest.PrivateData.PSData.ProjectUri | Should -Not -BeNullOrEmpty
        $manifest.PrivateData.PSData.LicenseUri | Should -Not -BeNullOrEmpty
        $manifest.PrivateData.PSData.ReleaseNotes | Should -Not -BeNullOrEmpty
    }
}

Describe '<Name> follows the cmdlet guidelines' -ForEach $commands {
    BeforeAll {
        $command = Get-Command $Name
        $help = Get-Help $Name -Full
    }

    It 'uses an approved verb and the Zia prefix' {
        (Get-Verb).Verb | Should -Contain $command.Verb
        $command.Noun | Should -BeLike 'Zia*'
    }

    It 'declares its output type' {
        $command.OutputType | Should -Not -BeNullOrEmpty
    }

    It 'supports -WhatIf and -Confirm when it changes something' {
        $changes = $command.Verb -in 'Set', 'New', 'Remove', 'Enable', 'Disable', 'Publish', 'Add', 'Sync', 'Disconnect', 'Update'
        $supports = $command.Parameters.ContainsKey('WhatIf') -and $command.Parameters.ContainsKey('Confirm')
        # Asserted for every cmdlet: a changing verb without -WhatIf and -Confirm fails here.
        ($supports -or -not $changes) | Should -BeTrue -Because "$($command.Name) changes something and must support -WhatIf and -Confirm"
        ($command.Parameters.ContainsKey('WhatIf') -eq $command.Parameters.ContainsKey('Confirm')) | Should -BeTrue -Because 'SupportsShouldProcess gives both'
    }

    It 'has a synopsis and a description' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match '^\s*\S+ \[' -Because 'a synopsis that is only the syntax means the help was not found'
        ($help.Description.Text -join '') | Should -Not -BeNullOrEmpty
    }

    It 'has at least one example with code' {
        @($help.Examples.Example).Count | Should -BeGreaterThan 0
        @($help.Examples.Example)[0].Code | Should -Not -BeNullOrEmpty
    }

    It 'documents every parameter' {
        $documented = @{}
        foreach ($p in @($help.Parameters.Parameter | Where-Object { $_ })) { $documented[$p.Name] = ($p.Description.Text -join '') }
        foreach ($name in $command.Parameters.Keys | Where-Object { $_ -notin $common }) {
            $documented[$name] | Should -Not -BeNullOrEmpty -Because "-$name needs help text"
        }
    }
}

Describe 'Format views' {
    It 'has a view for every public output type' {
        $types = Get-Command -Module ZscalerScim | ForEach-Object { $_.OutputType.Name } | Where-Object { $_ -like 'ZscalerScim.*' } | Sort-Object -Unique
        $types | Should -Not -BeNullOrEmpty
        foreach ($type in $types) {
            Get-FormatData -TypeName $type | Should -Not -BeNullOrEmpty -Because "$type needs a view"
        }
    }
}
