// IPv4 CIDR arithmetic for checking that address spaces do not overlap before anything is deployed.

@export()
@description('An IPv4 address as a number.')
func ipv4ToInt(address string) int =>
  int(split(address, '.')[0]) * 16777216 + int(split(address, '.')[1]) * 65536 + int(split(address, '.')[2]) * 256 + int(split(address, '.')[3])

@export()
@description('Whether two IPv4 CIDR blocks share any address.')
func cidrsOverlap(first string, second string) bool =>
  ipv4ToInt(parseCidr(first).network) <= ipv4ToInt(parseCidr(second).broadcast) && ipv4ToInt(parseCidr(second).network) <= ipv4ToInt(parseCidr(first).broadcast)

@export()
@description('The blocks of candidates that overlap block.')
func overlapping(block string, candidates string[]) string[] => filter(candidates, candidate => cidrsOverlap(block, candidate))
