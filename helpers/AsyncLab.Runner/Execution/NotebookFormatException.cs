namespace AsyncLab.Runner.Execution;

/// <summary>A notebook file that cannot be read: missing, empty or malformed. The message says which and why.</summary>
public sealed class NotebookFormatException : Exception
{
    /// <summary>Creates the exception with a message for the reader.</summary>
    public NotebookFormatException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
