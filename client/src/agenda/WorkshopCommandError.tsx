/** Why the server refused a workshop command, shown where the command was given (useWorkshopCommand). */
export function WorkshopCommandError({ error, testId }: { error: string | null; testId?: string }) {
  if (!error) return null;
  return (
    <p className="jb-agenda-error" role="alert" data-testid={testId}>
      {error}
    </p>
  );
}
