# Shared by the soaks (sourced): the numwatch binary ($NUMWATCH_BIN, else a release build), the
# CI helpers (.ci/lib.sh: a scratch $work, cleanup, free ports, waiting), and a simulator on a
# free port ($sim), with a free port for serve ($nw_port, $nw).
if [ -z "${NUMWATCH_BIN:-}" ]; then
  swift build -c release --scratch-path .build-release --product numwatch >/dev/null
  swift build -c release --scratch-path .build-release --product numwatch-bench >/dev/null
  NUMWATCH_BIN=.build-release/release/numwatch
fi
bin=$NUMWATCH_BIN
source .ci/lib.sh
sim_port=$(free_port); nw_port=$(free_port)
sim="http://127.0.0.1:$sim_port"; nw="http://127.0.0.1:$nw_port"
start_simulator "$sim_port"
# The watches of the fault and load soaks: four services and a bundle (six targets with the credit).
soak_watches='watches:
  - services: [telegram]
  - services: [whatsapp]
  - services: [instagram]
  - services: [google]
  - services: [telegram, whatsapp]'
