/// numwatch's version, shown by `--version` and exported as `numwatch_build_info{version}`.
package let numwatchVersion = "0.1.0"
