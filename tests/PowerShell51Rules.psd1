# What Windows PowerShell 5.1 lacks, for tests/PowerShell51.Tests.ps1: the one list of it. The syntax (&&, ||, ??,
# ??=, ?., ?[], a ? b : c, clean blocks) is found by AST node; commands, parameters and variables by name.
@{
    # Commands that 5.1 does not have at all.
    Commands   = @(
        'Join-String', 'Test-Json', 'ConvertFrom-Markdown', 'Show-Markdown', 'Get-MarkdownOption', 'Set-MarkdownOption',
        'Get-Error', 'Get-Uptime', 'Remove-Alias', 'Remove-Service', 'Get-SecureRandom', 'ConvertTo-CliXml', 'ConvertFrom-CliXml',
        'Get-PSSubsystem', 'Enable-ExperimentalFeature', 'Disable-ExperimentalFeature', 'Get-ExperimentalFeature'
    )
    # Parameters that 5.1's version of a command does not have.
    Parameters = @{
        'ConvertFrom-Json'          = @('AsHashtable', 'Depth', 'NoEnumerate', 'DateKind')
        'ConvertTo-Json'            = @('EnumsAsStrings', 'AsArray', 'EscapeHandling')
        'Get-Content'               = @('AsByteStream')
        'Set-Content'               = @('AsByteStream')
        'Add-Content'               = @('AsByteStream')
        'Invoke-RestMethod'         = @('SkipCertificateCheck', 'Authentication', 'Token', 'StatusCodeVariable', 'ResponseHeadersVariable',
                                        'SslProtocol', 'SkipHeaderValidation', 'SkipHttpErrorCheck', 'MaximumRetryCount', 'RetryIntervalSec',
                                        'FollowRelLink', 'MaximumFollowRelLink', 'Form', 'Resume', 'CustomMethod', 'NoProxy',
                                        'PreserveAuthorizationOnRedirect', 'AllowUnencryptedAuthentication', 'HttpVersion',
                                        'ConnectionTimeoutSeconds', 'OperationTimeoutSeconds', 'AllowInsecureRedirect')
        'Invoke-WebRequest'         = @('SkipCertificateCheck', 'Authentication', 'Token', 'SslProtocol', 'SkipHeaderValidation',
                                        'SkipHttpErrorCheck', 'MaximumRetryCount', 'RetryIntervalSec', 'Form', 'Resume', 'CustomMethod',
                                        'NoProxy', 'PreserveAuthorizationOnRedirect', 'AllowUnencryptedAuthentication', 'HttpVersion',
                                        'ConnectionTimeoutSeconds', 'OperationTimeoutSeconds', 'AllowInsecureRedirect')
        'ForEach-Object'            = @('Parallel', 'ThrottleLimit', 'TimeoutSeconds', 'AsJob', 'UseNewRunspace')
        'Export-Csv'                = @('UseQuotes', 'QuoteFields', 'IncludeTypeInformation')
        'ConvertTo-Csv'             = @('UseQuotes', 'QuoteFields', 'IncludeTypeInformation')
        'Select-String'             = @('Raw', 'NoEmphasis')
        'Select-Object'             = @('SkipIndex', 'CaseInsensitive')
        'Sort-Object'               = @('Top', 'Bottom', 'Stable')
        'Get-Date'                  = @('AsUTC', 'UnixTimeSeconds')
        'Join-Path'                 = @('AdditionalChildPath', 'ChildPaths')
        'Split-Path'                = @('LeafBase', 'Extension')
        'Out-String'                = @('NoNewline')
        'Start-Process'             = @('Environment')
        'Import-PowerShellDataFile' = @('SkipLimitCheck')
        'New-Guid'                  = @('Empty', 'InputObject')
        'Test-Connection'           = @('TargetName', 'TcpPort', 'Ping', 'Traceroute', 'MtuSize', 'Repeat', 'Detailed', 'IPv4', 'IPv6', 'ResolveDestination')
        'Get-ChildItem'             = @('FollowSymlink')
        'Format-Hex'                = @('Count', 'Offset')
    }
    # Automatic variables that 5.1 does not set (undefined there, an error under Set-StrictMode).
    Variables  = @('IsWindows', 'IsLinux', 'IsMacOS', 'IsCoreCLR', 'PSStyle', 'EnabledExperimentalFeatures', 'PSNativeCommandArgumentPassing')
}
