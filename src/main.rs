//! The `tollgate` binary: parse arguments, run one command, map the outcome to an exit code.
//! 0 clean, 1 blocking findings, 2 usage or input error. `anyhow` lives here, at the edge only.

mod cli;

/// mimalloc instead of the system allocator: a run allocates millions of small strings and
/// values, and glibc's malloc was a fifth of the instructions of `log` and `check` and, with
/// worker threads, most of their system time. Built with `override` (Cargo.toml), it is also
/// the `malloc` of libgit2 and zlib.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args = match <cli::Cli as clap::Parser>::try_parse() {
        Ok(args) => args,
        // A usage error quotes what it was given: printed like every other error (defused).
        Err(err) if err.use_stderr() => {
            let text = err.render().to_string();
            cli::eprint(text.trim_end());
            return ExitCode::from(cli::Status::InputError as u8);
        }
        // --help and --version.
        Err(err) => err.exit(),
    };
    match cli::run(args) {
        Ok(status) => ExitCode::from(status as u8),
        Err(err) => {
            if is_broken_pipe(&err) {
                // `tollgate check | head`: the reader left; that is not an error.
                return ExitCode::SUCCESS;
            }
            let mut out = String::from("error: ");
            out.push_str(&format!("{err}"));
            for cause in err.chain().skip(1) {
                out.push_str(&format!("\n  caused by: {cause}"));
            }
            cli::eprint(&out);
            ExitCode::from(cli::Status::InputError as u8)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
