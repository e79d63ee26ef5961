# Runs before ZscalerScim.PowerShell.dll loads (the manifest's ScriptsToProcess). Windows PowerShell 5.1 checks the
# manifest's DotNetFrameworkVersion only up to 4.5, and on .NET Framework before 4.7.2 the dll (netstandard2.0) fails
# with only "Could not load file or assembly 'netstandard'": say what is missing and what to do instead.
& {
    if ($PSVersionTable.PSEdition -eq 'Core') { return }
    # 461808: the Release value of .NET Framework 4.7.2, as Microsoft's "determine which versions are installed" lists it.
    $setup = Get-ItemProperty -Path 'HKLM:\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full' -Name Release -ErrorAction SilentlyContinue
    if (-not $setup -or $setup.Release -lt 461808) {
        throw ('ZscalerScim needs .NET Framework 4.7.2 or later in Windows PowerShell 5.1, and this machine has an older one. ' +
            'Install .NET Framework 4.8 and start a new PowerShell, or run the module in PowerShell 7.')
    }
}
