import Foundation
import PodwatchCLI

exit(await Podwatch.run(Array(CommandLine.arguments.dropFirst())))
