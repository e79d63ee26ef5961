using System;
using System.Runtime.InteropServices;
using System.Security;

namespace ZscalerScim.Internal;

/// <summary>SecureString in and out. Plain text lives only as long as the call that needs it.</summary>
internal static class SecretText
{
    public static string Reveal(SecureString secret)
    {
        IntPtr ptr = Marshal.SecureStringToGlobalAllocUnicode(secret);
        try
        {
            // With the length: without it a NUL would end the text early, silently.
            return Marshal.PtrToStringUni(ptr, secret.Length);
        }
        finally
        {
            Marshal.ZeroFreeGlobalAllocUnicode(ptr);
        }
    }

    /// <summary>
    /// Whether a secret can go into an HTTP header or an API key login as it is: visible ASCII only, no space,
    /// line break, NUL or other control character (a copy-and-paste mistake, or a header injection).
    /// </summary>
    public static bool IsToken(SecureString secret)
    {
        if (secret.Length == 0)
        {
            return false;
        }
        foreach (char c in Reveal(secret))
        {
            if (c <= ' ' || c > '~')
            {
                return false;
            }
        }
        return true;
    }

    public static SecureString Protect(string plain)
    {
        SecureString secure = new();
        foreach (char c in plain)
        {
            secure.AppendChar(c);
        }
        secure.MakeReadOnly();
        return secure;
    }
}
