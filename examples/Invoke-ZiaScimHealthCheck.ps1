<#
.SYNOPSIS
    A nightly health check of a ZIA SCIM setup, for an Azure Automation runbook or a scheduled task: it runs
    Test-ZiaScimSetup and fails the job, naming each broken link, its cause and its fix, when a link fails.
.DESCRIPTION
    ZIA is signed in to with an API key (the Admin Portal API, which holds the identity providers, accepts no
    OneAPI token): from a file that Export-Clixml wrote for the task's account, or from the ZIA_* environment
    variables that Connect-Zia reads. The Entra ID side is read when -EntraServicePrincipal is given, signed in
    with the Automation account's managed identity.

    Each link is written as one line "Link: Status - Evidence". Exit code (and job state): 0 no link failed
    (warnings and links that could not be checked are listed); 1 a link failed (the error names them all);
    2 the check could not run.
    Runs in Windows PowerShell 5.1 and PowerShell 7.
.EXAMPLE
    # Once, as the task's account: the admin and the API key, encrypted for that account on that machine.
    @{ Credential = Get-Credential; ApiKey = Read-Host -AsSecureString 'API key' } | Export-Clixml C:\ProgramData\ZscalerScim\zia.clixml

    powershell.exe -NoProfile -NonInteractive -File .\Invoke-ZiaScimHealthCheck.ps1 -IdentityProvider 'Entra ID' `
        -ZiaCredentialPath C:\ProgramData\ZscalerScim\zia.clixml
.EXAMPLE
    # An Azure Automation runbook with a system-assigned managed identity granted Application.Read.All and
    # AuditLog.Read.All, and the ZIA_* variables set as encrypted Automation variables read into the environment.
    .\Invoke-ZiaScimHealthCheck.ps1 -IdentityProvider 'Entra ID' -EntraServicePrincipal 'Zscaler Internet Access'
#>
[CmdletBinding()]
param(
    # The ZIA identity provider to check; by default the one with SCIM on.
    [string] $IdentityProvider,

    # A file written with: @{ Credential = Get-Credential; ApiKey = Read-Host -AsSecureString } | Export-Clixml <path>
    [string] $ZiaCredentialPath,

    # The ZIA API's base URI, when it is not the default cloud's (for example https://zsapi.zscalertwo.net).
    [uri] $ZiaBaseUri,

    # The Entra ID enterprise application of Zscaler, read with the managed identity; without it the IdP links are not checked.
    [string] $EntraServicePrincipal,

    # How far back ZIA's event log and the IdP's logs are read (at most 14 days).
    [int] $Hours = 24
)

$ErrorActionPreference = 'Stop'
try {
    Import-Module ZscalerScim
    $zia = @{}
    if ($ZiaBaseUri) { $zia.BaseUri = $ZiaBaseUri }
    if ($ZiaCredentialPath) {
        $saved = Import-Clixml -Path $ZiaCredentialPath
        $zia.Credential = $saved.Credential
        $zia.ApiKey = $saved.ApiKey
    }
    Connect-Zia @zia
    if ($EntraServicePrincipal) {
        Connect-ZiaScimEntra -ServicePrincipal $EntraServicePrincipal -ManagedIdentity
    }
    $check = @{ Since = (New-TimeSpan -Hours $Hours) }
    if ($IdentityProvider) { $check.IdentityProvider = $IdentityProvider }
    $links = @(Test-ZiaScimSetup @check)
}
catch {
    Write-Error "The SCIM health check could not run: $($_.Exception.Message)" -ErrorAction Continue
    exit 2
}

foreach ($link in $links) { Write-Output ('{0}: {1} - {2}' -f $link.Link, $link.Status, $link.Evidence) }
foreach ($link in @($links | Where-Object { $_.Status -ne 'Pass' -and $_.Status -ne 'Fail' })) {
    Write-Warning ('{0} is {1}: {2} {3}' -f $link.Link, $link.Status, $link.Cause, $link.Fix)
}
$failed = @($links | Where-Object { $_.Status -eq 'Fail' })
Disconnect-Zia
if ($failed.Count -gt 0) {
    $lines = $failed | ForEach-Object { '{0}: {1} Fix: {2}' -f $_.Link, $_.Cause, $_.Fix }
    Write-Error ("ZIA SCIM provisioning is broken at {0} link(s). {1}" -f $failed.Count, ($lines -join ' | ')) -ErrorAction Continue
    exit 1
}
exit 0
