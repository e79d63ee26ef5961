#Requires -Modules ScheduledTasks
<#
.SYNOPSIS
    Registers the nightly ZIA SCIM sync (Invoke-ZiaScimNightlySync.ps1) as a Windows scheduled task that runs as a
    service account, and stores that account's bearer token where only it can read it.
.DESCRIPTION
    Run once, as an administrator, on the machine that runs the sync. It asks for the service account's password
    (for the task) and, in a process started as that account, for the bearer token, which Export-Clixml writes
    DPAPI-encrypted for that account on this machine: no other account, and no other machine, can read it.
    The task runs daily under pwsh -NonInteractive; its exit code (0, 1 or 2, see the sync script) shows in the
    task's Last Run Result for a monitoring system to read; the logs go to -LogFolder.
.EXAMPLE
    .\Register-ZiaScimSyncTask.ps1 -Account 'ACME\svc-ziascim' -SourceCsv D:\Exports\users.csv `
        -BaseUrl https://scim.zscalertwo.net/24326813/71234/scim -At 02:30
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory)] [string] $Account,
    [Parameter(Mandatory)] [string] $SourceCsv,
    [Parameter(Mandatory)] [uri] $BaseUrl,
    [datetime] $At = '02:30',
    [string] $Folder = (Join-Path $env:ProgramData 'ZscalerScim'),
    [string] $TaskName = 'ZIA SCIM user sync'
)

$ErrorActionPreference = 'Stop'
$script = Join-Path $Folder 'Invoke-ZiaScimNightlySync.ps1'
$tokenPath = Join-Path $Folder 'scim-token.clixml'
$logFolder = Join-Path $Folder 'Logs'

if ($PSCmdlet.ShouldProcess($Folder, 'Copy the sync script')) {
    New-Item -ItemType Directory -Path $Folder, $logFolder -Force | Out-Null
    Copy-Item (Join-Path $PSScriptRoot 'Invoke-ZiaScimNightlySync.ps1') $script -Force
}

$credential = Get-Credential -UserName $Account -Message 'The account that runs the ZIA SCIM sync'
if ($PSCmdlet.ShouldProcess($tokenPath, "Store the bearer token for $Account (DPAPI)")) {
    # Export-Clixml encrypts for the account that runs it: so it runs as the task's account.
    $store = "[pscredential]::new('scim', (Read-Host -AsSecureString 'ZIA SCIM bearer token')) | Export-Clixml -Path '$tokenPath'"
    Start-Process pwsh.exe -Credential $credential -ArgumentList '-NoProfile', '-Command', $store -Wait -LoadUserProfile
    if (-not (Test-Path $tokenPath)) { throw "The token was not stored at $tokenPath." }
}

$arguments = "-NoProfile -NonInteractive -File `"$script`" -SourceCsv `"$SourceCsv`" -BaseUrl $BaseUrl -TokenPath `"$tokenPath`" -LogFolder `"$logFolder`""
$action = New-ScheduledTaskAction -Execute 'pwsh.exe' -Argument $arguments
$trigger = New-ScheduledTaskTrigger -Daily -At $At
$settings = New-ScheduledTaskSettingsSet -StartWhenAvailable -MultipleInstances IgnoreNew -ExecutionTimeLimit (New-TimeSpan -Hours 4)
if ($PSCmdlet.ShouldProcess($TaskName, "Register the task, daily at $($At.ToString('HH:mm')), as $Account")) {
    Register-ScheduledTask -TaskName $TaskName -Description "Sync $SourceCsv to ZIA over SCIM" -Action $action -Trigger $trigger `
        -Settings $settings -User $credential.UserName -Password $credential.GetNetworkCredential().Password | Out-Null
}
