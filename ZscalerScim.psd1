@{
    RootModule           = 'ZscalerScim.PowerShell.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '5b0f3c2e-8a51-4d6f-9f0e-2c7a4e1d9b36'
    Author               = 'ZscalerScim contributors'
    CompanyName          = 'ZscalerScim'
    Copyright            = '(c) ZscalerScim contributors. MIT License.'
    Description          = 'Scriptable, safe SCIM provisioning for Zscaler Internet Access: connect to the ZIA API, turn SCIM on for an identity provider, get its base URL and bearer token, activate changes, and push users and groups over SCIM 2.0.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    DotNetFrameworkVersion = '4.7.2'
    # Windows PowerShell 5.1 does not enforce DotNetFrameworkVersion above 4.5: this script does, before the dll loads.
    ScriptsToProcess     = @('ZscalerScim.Requirements.ps1')
    FormatsToProcess     = @('ZscalerScim.Format.ps1xml')
    FunctionsToExport    = @()
    CmdletsToExport      = @(
        'Connect-Zia'
        'Disconnect-Zia'
        'Get-ZiaOrganization'
        'Get-ZiaActivationStatus'
        'Publish-ZiaChange'
        'Get-ZiaAuthenticationSetting'
        'Set-ZiaAuthenticationSetting'
        'Get-ZiaIdentityProvider'
        'Enable-ZiaScimProvisioning'
        'Disable-ZiaScimProvisioning'
        'Get-ZiaScimBaseUrl'
        'Get-ZiaScimBearerToken'
        'New-ZiaScimBearerToken'
        'Update-ZiaScimBearerToken'
        'Get-ZiaSession'
        'Connect-ZiaScim'
        'Get-ZiaScimConnection'
        'Disconnect-ZiaScim'
        'Test-ZiaScimConnection'
        'Get-ZiaScimUser'
        'New-ZiaScimUser'
        'Set-ZiaScimUser'
        'Enable-ZiaScimUser'
        'Disable-ZiaScimUser'
        'Remove-ZiaScimUser'
        'Get-ZiaScimGroup'
        'New-ZiaScimGroup'
        'Remove-ZiaScimGroup'
        'Add-ZiaScimGroupMember'
        'Remove-ZiaScimGroupMember'
        'Sync-ZiaScimUser'
        'Sync-ZiaScimGroup'
        'Set-ZiaScimOktaProvisioning'
        'Get-ZiaScimOktaProvisioning'
        'Set-ZiaScimEntraProvisioning'
        'Get-ZiaScimEntraProvisioning'
    )
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Zscaler', 'ZIA', 'SCIM', 'Provisioning', 'Identity', 'Okta', 'EntraID', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/zscalerscim/ZscalerScim'
            LicenseUri   = 'https://github.com/zscalerscim/ZscalerScim/blob/main/LICENSE'
            # Written from CHANGELOG.md's section for ModuleVersion when the module is built.
            ReleaseNotes = ''
        }
    }
}
