# Starts, drives and stops the ZIA emulator (tests/ZscalerScim.Emulator) for the tests and the demo.
Set-StrictMode -Version Latest

function Start-ZiaEmulator {
    [CmdletBinding()]
    param(
        # The emulator's dll; by default the one build.ps1 put under out/emulator.
        [string] $Path = $env:ZSCALERSCIM_EMULATOR,

        # Extra command-line options, e.g. '--session-idle-seconds', '5'.
        [string[]] $ArgumentList = @()
    )
    if (-not $Path -or -not (Test-Path $Path)) { throw "The emulator is not built at '$Path'. Run ./build.ps1 -Task Build first." }

    $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in @($Path, '--port', '0', '--exit-on-stdin-close') + $ArgumentList) { $start.ArgumentList.Add($a) }
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardInput = $true
    $start.RedirectStandardError = $true
    $start.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($start)

    $firstLine = $process.StandardOutput.ReadLineAsync()
    if (-not $firstLine.Wait([TimeSpan]::FromSeconds(30)) -or -not $firstLine.Result) {
        $process.Kill()
        throw "The emulator did not start: $($process.StandardError.ReadToEnd())"
    }
    # Keep draining its output so that it never blocks on a full pipe.
    $null = $process.StandardOutput.BaseStream.CopyToAsync([System.IO.Stream]::Null)
    $null = $process.StandardError.BaseStream.CopyToAsync([System.IO.Stream]::Null)

    $info = $firstLine.Result | ConvertFrom-Json
    [pscustomobject]@{
        PSTypeName   = 'ZiaEmulator'
        Process      = $process
        BaseUri      = [uri]$info.baseUri
        OrgId        = [long]$info.orgId
        VanityDomain = $info.vanityDomain
        ClientId     = $info.clientId
        Credential   = [pscredential]::new($info.username, (ConvertTo-SecureString $info.password -AsPlainText -Force))
        ApiKey       = ConvertTo-SecureString $info.apiKey -AsPlainText -Force
        ClientSecret = ConvertTo-SecureString $info.clientSecret -AsPlainText -Force
        # The emulated Okta org, on its own port (control API: Invoke-ZiaEmulator $e 'okta/...').
        OktaOrigin   = [uri]$info.oktaOrigin
        OktaApiToken = ConvertTo-SecureString $info.oktaApiToken -AsPlainText -Force
        OktaClientId = $info.oktaClientId
        OktaApp      = [pscustomobject]@{ Id = $info.oktaAppId; Label = $info.oktaAppLabel }
        OktaOtherApp = [pscustomobject]@{ Id = $info.oktaOtherAppId; Label = $info.oktaOtherAppLabel }
        # The emulated Entra ID tenant: Graph and the identity platform on the same origin.
        GraphEndpoint           = [uri]$info.graphEndpoint
        LoginEndpoint           = [uri]$info.loginEndpoint
        EntraTenantId           = $info.entraTenantId
        EntraClientId           = $info.entraClientId
        EntraClientSecret       = ConvertTo-SecureString $info.entraClientSecret -AsPlainText -Force
        IdentityEndpoint        = $info.identityEndpoint
        IdentityHeader          = ConvertTo-SecureString $info.identityHeader -AsPlainText -Force
        ManagedIdentityClientId = $info.managedIdentityClientId
        EntraServicePrincipal   = $info.entraServicePrincipal
        EntraServicePrincipalId = $info.entraServicePrincipalId
        EntraJobId              = $info.entraJobId
        # ZIdentity's SCIM server (served once Invoke-ZiaEmulator $e 'zidentity' -Method PUT sets a ZIdentity mode).
        ZIdentityScimUrl   = [uri]$info.zidentityScimUrl
        ZIdentityScimToken = ConvertTo-SecureString $info.zidentityScimToken -AsPlainText -Force
        # Plain copies, only so that tests can prove none of them ever reaches an output stream.
        Secrets      = @($info.password, $info.apiKey, $info.clientSecret, $info.oktaApiToken, $info.entraClientSecret, $info.identityHeader, $info.zidentityScimToken)
    }
}

function Stop-ZiaEmulator {
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipeline)] $Emulator)
    process {
        $p = $Emulator.Process
        if ($p.HasExited) { return }
        $p.StandardInput.Close()
        if (-not $p.WaitForExit(5000)) { $p.Kill() }
    }
}

function Invoke-ZiaEmulator {
    <# Calls the emulator's control API (/_emulator/...). #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Emulator,
        [Parameter(Mandatory)] [string] $Path,
        [string] $Method = 'GET',
        $Body
    )
    $uri = [uri]::new($Emulator.BaseUri, "/_emulator/$($Path.TrimStart('/'))")
    $request = @{ Uri = $uri; Method = $Method }
    if ($PSBoundParameters.ContainsKey('Body')) {
        $request.Body = ConvertTo-Json $Body -Depth 10 -Compress
        $request.ContentType = 'application/json'
    }
    # Invoke-RestMethod writes a JSON array as one object; enumerate it like any command's output.
    Invoke-RestMethod @request | ForEach-Object { $_ }
}

function Set-ZiaEmulatorFault {
    <# Makes the next -Count matching requests fail with the given fault kind. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Emulator,
        [Parameter(Mandatory)]
        [ValidateSet('rateLimit', 'editLock', 'orgBarrier', 'sessionDropped', 'unavailable', 'readOnly', 'htmlProxy', 'slow', 'drop', 'malformedJson', 'lostAnswer', 'lateAnswer', 'emptyPage', 'repeatedBulkId', 'gzipBomb', 'oversize', 'echoHeaders')]
        [string] $Kind,
        [int] $Count = 1,
        [string] $Method,
        [string] $Path,
        [int] $DelayMs = 0,
        [int] $RetryAfterSeconds = 1,
        # Only every Nth matching request gets the fault (a fraction, deterministically), until -Count were hit.
        [int] $Every = 1,
        # Or each matching request with this chance, from a generator seeded with -Seed.
        [double] $Probability,
        [int] $Seed = 1
    )
    $fault = @{ kind = $Kind; count = $Count; delayMs = $DelayMs; retryAfterSeconds = $RetryAfterSeconds; every = $Every }
    if ($Probability) { $fault.probability = $Probability; $fault.seed = $Seed }
    if ($Method) { $fault.method = $Method }
    if ($Path) { $fault.path = $Path }
    Invoke-ZiaEmulator $Emulator 'faults' -Method POST -Body $fault | Out-Null
}

function Get-ZiaEmulatorRequest {
    <# The requests the emulator received (outside its control API), oldest first. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator, [string] $Path)
    $all = @(Invoke-ZiaEmulator $Emulator 'requests')
    if ($Path) { $all = @($all | Where-Object path -like $Path) }
    $all
}

Export-ModuleMember -Function Start-ZiaEmulator, Stop-ZiaEmulator, Invoke-ZiaEmulator, Set-ZiaEmulatorFault, Get-ZiaEmulatorRequest
