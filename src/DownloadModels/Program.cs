using System.CommandLine;
var root = new RootCommand("x");
var o = new Option<string>("--only");
root.Options.Add(o);
root.SetAction((pr, ct) => { Console.WriteLine(pr.GetValue(o)); return Task.FromResult(0); });
return await root.Parse(args).InvokeAsync();
