using System;
using System.Management.Automation;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ZscalerScim.Internal;

namespace ZscalerScim.Auth;

/// <summary>
/// The private key a client signs its assertions with, from a PEM file (or PEM text given in its place) or a certificate.
/// The parameter may hold the key itself, or another secret, by mistake: no message, target or inner exception repeats
/// it, and a path is named only once it is known to be a file.
/// </summary>
internal sealed class PrivateKeyFile
{
    private readonly string _parameter;
    private readonly string _errorPrefix;
    private readonly string _whose;

    /// <param name="parameter">The parameter's name without the dash: "PrivateKeyPath".</param>
    /// <param name="errorPrefix">The ErrorIds' prefix: "Zia" or "Okta" (…InvalidPrivateKey, …PrivateKeyNotFound).</param>
    /// <param name="whose">Whose key, for messages: "the OneAPI client's", "the Okta service app's".</param>
    public PrivateKeyFile(string parameter, string errorPrefix, string whose)
    {
        _parameter = parameter;
        _errorPrefix = errorPrefix;
        _whose = whose;
    }

    public RSA Read(string pathOrPem, Func<string, string> resolvePath)
    {
        string? file = null;
        try
        {
            if (RsaPem.IsPemText(pathOrPem))
            {
                return RsaPem.Read(pathOrPem);
            }
            string resolved = resolvePath(pathOrPem);
            if (!System.IO.File.Exists(resolved))
            {
                throw NotFound();
            }
            file = resolved;
            return RsaPem.Read(RsaPem.ReadText(resolved));
        }
        catch (Exception ex) when (IsReadFailure(ex))
        {
            if (file is null && ex is not FormatException)
            {
                // The provider could not resolve it (no such drive, illegal characters): it names no file.
                throw NotFound();
            }
            // RsaPem's own messages never quote the key; anything else may quote the value, so only its type is shown.
            string why = ex is FormatException ? ex.Message : ex.GetType().Name;
            throw new ZiaException(_errorPrefix + "InvalidPrivateKey", ErrorCategory.InvalidData,
                file is null
                    ? $"Could not read the private key given to -{_parameter}: {why} Give the path of {_whose} unencrypted RSA key in PEM (-----BEGIN PRIVATE KEY-----)."
                    : $"Could not read {_whose} private key '{file}': {why}",
                file ?? _parameter);
        }
    }

    public RSA FromCertificate(X509Certificate2 certificate)
    {
        RSA? key = certificate.HasPrivateKey ? certificate.GetRSAPrivateKey() : null;
        return key ?? throw new ZiaException(_errorPrefix + "InvalidPrivateKey", ErrorCategory.InvalidArgument,
            $"The certificate {certificate.Thumbprint} has no RSA private key this process can use.", certificate);
    }

    private ZiaException NotFound() => new(_errorPrefix + "PrivateKeyNotFound", ErrorCategory.ObjectNotFound,
        $"-{_parameter} names no file. Give the path of {_whose} unencrypted RSA key in PEM (-----BEGIN PRIVATE KEY-----).", _parameter);

    internal static bool IsReadFailure(Exception ex) =>
        ex is FormatException || ex is System.IO.IOException || ex is UnauthorizedAccessException || ex is CryptographicException ||
        ex is ItemNotFoundException || ex is DriveNotFoundException || ex is ProviderNotFoundException || ex is ArgumentException || ex is NotSupportedException;
}
