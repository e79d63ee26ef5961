# Windows PowerShell 5.1 can run every script the module ships or documents: the manifest, the examples, the demo and
# the PowerShell blocks of the README, the help and the guides are parsed and walked for what only PowerShell 7 has
# (tests/PowerShell51Rules.psd1). No Windows machine runs here: this is the part of 5.1 that can be proven on Linux.
BeforeDiscovery {
    $repoRoot = Split-Path $PSScriptRoot -Parent
    $sources = [System.Collections.Generic.List[hashtable]]::new()
    $files = @(Get-Item (Join-Path $repoRoot 'ZscalerScim.psd1'), (Join-Path $repoRoot 'tools/Demo.ps1')) +
        @(Get-ChildItem $repoRoot -Filter '*.psm1' -File -Recurse | Where-Object FullName -NotMatch '[\\/](out|tests|bin|obj)[\\/]') +
        @(Get-ChildItem (Join-Path $repoRoot 'examples'), (Join-Path $repoRoot 'src/ZscalerScim.PowerShell') -Filter '*.ps1')
    foreach ($file in $files) {
        $sources.Add(@{ Name = [IO.Path]::GetRelativePath($repoRoot, $file.FullName); Text = Get-Content $file.FullName -Raw })
    }
    $documents = @(Get-Item (Join-Path $repoRoot 'README.md')) + @(Get-ChildItem (Join-Path $repoRoot 'docs/help'), (Join-Path $repoRoot 'docs/guides') -Filter '*.md')
    foreach ($document in $documents) {
        $text = (Get-Content $document.FullName -Raw) -replace "`r`n", "`n"
        foreach ($block in [regex]::Matches($text, '(?ms)^```(?:powershell|ps1|pwsh|posh)[ \t]*\n(.*?)^```')) {
            $line = $text.Substring(0, $block.Index).Split("`n").Count
            $sources.Add(@{ Name = "$([IO.Path]::GetRelativePath($repoRoot, $document.FullName)) (block at line $line)"; Text = $block.Groups[1].Value })
        }
    }
}

BeforeAll {
    $rules = Import-PowerShellDataFile (Join-Path $PSScriptRoot 'PowerShell51Rules.psd1')

    # Each construct of PowerShell 7 in a script, as 'line N: what', or a parse error.
    function Find-PowerShell7Construct([string] $Text) {
        $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseInput($Text, [ref]$null, [ref]$errors)
        foreach ($e in $errors) { "line $($e.Extent.StartLineNumber): does not parse: $($e.Message)" }
        foreach ($node in $ast.FindAll({ $true }, $true)) {
            $what = switch ($node.GetType().Name) {
                'PipelineChainAst' { "'$($node.Operator -replace 'AndAnd', '&&' -replace 'OrOr', '||')' between pipelines" }
                'TernaryExpressionAst' { 'a ternary (a ? b : c)' }
                'BinaryExpressionAst' { if ($node.Operator -eq 'QuestionQuestion') { "'??'" } }
                'AssignmentStatementAst' { if ($node.Operator -eq 'QuestionQuestionEquals') { "'??='" } }
                { $_ -in 'MemberExpressionAst', 'InvokeMemberExpressionAst', 'IndexExpressionAst' } {
                    if ($node.PSObject.Properties['NullConditional'] -and $node.NullConditional) { "'?.' or '?[]'" }
                }
                'ScriptBlockAst' { if ($node.PSObject.Properties['CleanBlock'] -and $node.CleanBlock) { 'a clean block' } }
                'VariableExpressionAst' {
                    if ($node.VariablePath.IsUnqualified -and $rules.Variables -contains $node.VariablePath.UserPath) { "`$$($node.VariablePath.UserPath), which 5.1 does not set" }
                }
                'CommandAst' {
                    $name = $node.GetCommandName()
                    if ($name -and $rules.Commands -contains $name) { "$name, which 5.1 does not have" }
                    elseif ($name) {
                        $key = $rules.Parameters.Keys | Where-Object { $_ -eq $name }
                        foreach ($parameter in $node.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] }) {
                            if ($key -and $rules.Parameters[$key] -contains $parameter.ParameterName) { "$name -$($parameter.ParameterName), which 5.1's $name does not have" }
                        }
                    }
                }
            }
            foreach ($w in $what) { "line $($node.Extent.StartLineNumber): $w" }
        }
    }
}

Describe 'Windows PowerShell 5.1 language check' {
    It '<Name> uses nothing that only PowerShell 7 has' -ForEach $sources {
        @(Find-PowerShell7Construct $Text) | Should -BeNullOrEmpty
    }

    It 'finds each construct of PowerShell 7 in a known-bad script' {
        $bad = @'
Get-Item . && Get-Item .. || Write-Error 'no'
$a = $null ?? 'default'
$b ??= 5
$c = $true ? 'yes' : 'no'
$d = ${a}?.Length
1..3 | ForEach-Object -Parallel { $_ } -ThrottleLimit 4
$json = '{}' | ConvertFrom-Json -AsHashtable
Invoke-RestMethod https://example.invalid -SkipCertificateCheck -StatusCodeVariable code
'a', 'b' | Join-String -Separator ','
if ($IsWindows) { 'windows' }
function f { process { $_ } clean { 'done' } }
'@
        $found = @(Find-PowerShell7Construct $bad)
        $found | Should -Contain "line 1: '&&' between pipelines"
        $found | Should -Contain "line 1: '||' between pipelines"
        $found | Should -Contain "line 2: '??'"
        $found | Should -Contain "line 3: '??='"
        $found | Should -Contain 'line 4: a ternary (a ? b : c)'
        $found | Should -Contain "line 5: '?.' or '?[]'"
        $found | Should -Contain "line 6: ForEach-Object -Parallel, which 5.1's ForEach-Object does not have"
        $found | Should -Contain "line 6: ForEach-Object -ThrottleLimit, which 5.1's ForEach-Object does not have"
        $found | Should -Contain "line 7: ConvertFrom-Json -AsHashtable, which 5.1's ConvertFrom-Json does not have"
        $found | Should -Contain "line 8: Invoke-RestMethod -SkipCertificateCheck, which 5.1's Invoke-RestMethod does not have"
        $found | Should -Contain "line 8: Invoke-RestMethod -StatusCodeVariable, which 5.1's Invoke-RestMethod does not have"
        $found | Should -Contain 'line 9: Join-String, which 5.1 does not have'
        $found | Should -Contain 'line 10: $IsWindows, which 5.1 does not set'
        $found | Should -Contain 'line 11: a clean block'
    }

    It 'passes a script that 5.1 runs' {
        $good = @'
if ((Get-Item .) -and -not $env:CI) { $a = if ($null -eq $b) { 'default' } else { $b } }
1..3 | ForEach-Object { $_ } | ConvertTo-Json -Depth 3 | ConvertFrom-Json
Get-Content ./users.csv -Encoding Byte -ReadCount 0 | Out-Null
'@
        @(Find-PowerShell7Construct $good) | Should -BeNullOrEmpty
    }
}

Describe 'The scheduled-task example' {
    It 'runs the task under the PowerShell the admin chooses, by default the one that registers it' {
        $script = Join-Path (Split-Path $PSScriptRoot -Parent) 'examples/Register-ZiaScimSyncTask.ps1'
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($script, [ref]$null, [ref]$null)
        $parameter = $ast.ParamBlock.Parameters | Where-Object { $_.Name.VariablePath.UserPath -eq 'PowerShell' }
        $parameter | Should -Not -BeNullOrEmpty
        $parameter.DefaultValue.Extent.Text | Should -Match "PSEdition -eq 'Core'"
        $strings = $ast.FindAll({ $args[0] -is [System.Management.Automation.Language.StringConstantExpressionAst] }, $true).Value
        $strings | Where-Object { $_ -match '^pwsh(\.exe)?$' } | Should -HaveCount 2 -Because "'pwsh.exe' appears only as the Core default and in the ValidateSet"
    }
}

Describe 'Manifest guard' {
    It 'asks for PowerShell 5.1, .NET Framework 4.7.2 on Desktop, and names both editions' {
        $manifest = Import-PowerShellDataFile (Join-Path (Split-Path $PSScriptRoot -Parent) 'ZscalerScim.psd1')
        $manifest.PowerShellVersion | Should -Be '5.1'
        $manifest.DotNetFrameworkVersion | Should -Be '4.7.2'
        $manifest.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
    }

    It 'checks .NET Framework 4.7.2 itself before the dll loads, since 5.1 checks DotNetFrameworkVersion only up to 4.5' {
        $repoRoot = Split-Path $PSScriptRoot -Parent
        $manifest = Import-PowerShellDataFile (Join-Path $repoRoot 'ZscalerScim.psd1')
        $manifest.ScriptsToProcess | Should -Be @('ZscalerScim.Requirements.ps1')
        $script = Join-Path $repoRoot 'src/ZscalerScim.PowerShell/ZscalerScim.Requirements.ps1'
        $text = Get-Content $script -Raw
        $text | Should -Match ([regex]::Escape("'HKLM:\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full'"))
        $text | Should -Match '-lt 461808'
        # In PowerShell 7 it does nothing, and leaves nothing behind in the session that imports the module.
        & $script | Should -BeNullOrEmpty
        Get-Variable setup -ErrorAction Ignore | Should -BeNullOrEmpty
    }
}
